"""Training workflow for the triage classifiers: prepare -> train -> evaluate -> package."""
