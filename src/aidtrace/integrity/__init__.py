"""Integrity: duplicate and ghost beneficiaries, padded payrolls, linked on tokens (Splink)."""
