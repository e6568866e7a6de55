"""The encrypted person register: beneficiaries and staff, sealed field by field.

``layout`` says which columns a list holds and which are personal; ``importer`` reads a list,
screens it in memory and seals it (``store``) with linkage tokens (``tokens``); ``access`` is the
one logged way back to plaintext; ``rekey`` re-seals everything under new keys; ``screening``
connects the screening engine to the importer.
"""
