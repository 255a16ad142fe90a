"""Mail out: sending through the configured SMTP server (replies, acknowledgements, notifications)."""
