"""Places: the gazetteer every importer resolves place names and P-codes against."""

from aidtrace.places.gazetteer import Gazetteer, Place, afghanistan

__all__ = ["Gazetteer", "Place", "afghanistan"]
