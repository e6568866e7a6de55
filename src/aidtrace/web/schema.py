"""Tables of the web desk: declared in ``aidtrace.store.web_schema``, which opening a workspace
imports without importing the web desk itself."""

from aidtrace.store.web_schema import MIGRATIONS as MIGRATIONS
