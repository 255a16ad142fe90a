"""Job functions: take ids, open their own session, call services, commit once."""
