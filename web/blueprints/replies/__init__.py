"""Replying to families from the conversation page."""
