"""Watchlists as published: the normalised entry every list format reads into."""
