"""Agents log phone calls as contacts."""
