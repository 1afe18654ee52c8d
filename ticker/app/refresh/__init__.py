"""Refreshing the snapshot: one refresh, the history backfill, and the scheduler running it."""
