"""aidtrace: watch humanitarian aid end to end, from donor to beneficiary."""

from aidtrace import compiled

__version__ = "0.1.0"

compiled.use()  # the screening hot path compiled by mypyc, when built (``aidtrace.compiled``)
