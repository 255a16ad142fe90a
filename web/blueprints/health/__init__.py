"""The health blueprint."""
