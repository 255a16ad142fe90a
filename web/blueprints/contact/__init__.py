"""The contact blueprint."""
