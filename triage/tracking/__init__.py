"""Complaint and Tribunal appeal tracking: the pure rules behind their records and clocks."""
