"""Linking a message to the child's case record, or suggesting candidates for a person."""
