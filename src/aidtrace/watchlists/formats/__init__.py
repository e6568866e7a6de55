"""Watchlist parsers, one module per official format, registered by name.

``parse_file(path, format=None)`` yields one normalised ``ListEntry`` per listed party; the
format is sniffed from the file when not named.
"""

from aidtrace.watchlists.formats.registry import (
    FORMATS,
    ListFormat,
    ListHeader,
    all_formats,
    get_format,
    parse_file,
    register,
    resolve_format,
    sniff_format,
)

__all__ = [
    "FORMATS",
    "ListFormat",
    "ListHeader",
    "all_formats",
    "get_format",
    "parse_file",
    "register",
    "resolve_format",
    "sniff_format",
]
