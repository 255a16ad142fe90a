"""The appeals blueprint."""
