"""Flows: the money and goods trail from donor to beneficiary, its leakage, anomalies and equity."""
