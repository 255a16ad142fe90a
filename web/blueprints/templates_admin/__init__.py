"""Administrators manage reply templates."""
