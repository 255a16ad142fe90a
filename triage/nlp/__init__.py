"""Pure text stages and classifiers; loader.py is the only place artefacts load."""
