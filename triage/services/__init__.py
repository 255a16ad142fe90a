"""Use-cases over a Session. Services flush, never commit: the entry point commits once."""
