"""The conversations blueprint."""
