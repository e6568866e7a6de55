"""Primitives: key sources and derivation, field encryption, keyed linkage tokens, Bloom filters.

Nothing here imports the workspace or the store; what a workspace does with its keys (the key
ring, rotation, shredding, sealed free text) is in ``aidtrace.keyring``.
"""
