"""Calendars (England and Wales working days, Tribunal days) and the clocks built on them."""
