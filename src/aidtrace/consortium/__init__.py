"""Cross-agency duplicate checks without pooling identities.

Agencies in a *consortium* share one linkage secret per round (``secret``), each exports keyed
tokens and hardened Bloom filters of its beneficiaries under it (``export``, ``linkfile``), any
member or a neutral party links the files with Splink (``link``, ``resultfile``), and each agency
turns the clusters that hold its own records into alerts (``findings``). ``registers`` generates
two or three agencies' registers with planted cross-registrations; ``attack`` measures what a
frequency attack on an exported file recovers.
"""
