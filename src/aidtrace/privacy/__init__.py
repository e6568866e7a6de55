"""Keys, field encryption, keyed linkage tokens and crypto-shredding."""
