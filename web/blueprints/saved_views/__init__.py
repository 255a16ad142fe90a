"""Saved queue views: named filters with live counts, on the queue page and their own page."""
