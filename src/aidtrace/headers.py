"""Column headers as people type them, reduced for comparison: the importers and the screening
of a file of names find their columns by folded headers, so that "Full Name", " full_name " and
a Dari header typed on an Arabic keyboard (ي for ی, ك for ک) read alike. Kept apart from the
importers so that what only reads a header does not load them.
"""

from __future__ import annotations

import re
import unicodedata

_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ە": "ه", "\u200c": "", "\u0640": ""})


def fold_header(text: str) -> str:
    """A header reduced for comparison: case, spacing, punctuation, letter variants folded."""
    text = unicodedata.normalize("NFKC", text).translate(_LETTERS).lower()
    text = re.sub(r"['’`]", "", text)
    return " ".join(re.sub(r"[^\w]+", " ", text).split())
