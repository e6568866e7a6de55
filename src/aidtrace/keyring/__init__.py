"""A workspace's keys at work: the key ring (``ring``), rotation (``rotate``), crypto-shredding
(``shred``) and sealed free text (``freetext``), with the tables that record them (``schema``).

The primitives they use (key sources, derivation, field encryption, tokens) are in
``aidtrace.privacy``, which never imports the workspace; this package may.
"""
