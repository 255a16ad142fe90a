"""The complaints blueprint."""
