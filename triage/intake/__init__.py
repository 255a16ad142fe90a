"""Turning bytes and forms into stored messages: MIME, HTML to text, quotes, threading."""
