"""Interviews: the event every follow-up hangs from."""
