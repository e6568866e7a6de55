"""aidtrace: watch humanitarian aid end to end, from donor to beneficiary."""

__version__ = "0.1.0"
