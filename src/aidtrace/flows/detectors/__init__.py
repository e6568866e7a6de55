"""The flow monitors; importing this package registers every one of them."""

from aidtrace.flows.detectors import (
    benford,
    duplicate_invoices,
    equity,
    handovers,
    leakage,
    round_amounts,
    split_payments,
    structure,
    unit_prices,
    velocity,
    vendor_official,
)

__all__ = [
    "benford",
    "duplicate_invoices",
    "equity",
    "handovers",
    "leakage",
    "round_amounts",
    "split_payments",
    "structure",
    "unit_prices",
    "velocity",
    "vendor_official",
]
