"""Replies to families: merge fields, sandboxed template rendering, the outbound email, SMTP."""
