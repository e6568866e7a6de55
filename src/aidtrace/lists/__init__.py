"""Watchlists as aidtrace holds them: normalised entries, snapshots, diffs, updates."""
