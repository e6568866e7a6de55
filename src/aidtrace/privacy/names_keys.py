"""Name keys from the names layer (``aidtrace.names``): the default for linkage tokens.

``analyse`` folds Perso-Arabic letter variants, drops titles (Haji, Mullah…), joins compounds
(Abdul Qadir, Nasrullah) and gives every token a canonical Latin form and a consonant skeleton
shared by its romanisations and its Perso-Arabic spelling. The four ``NameKeys`` functions are
read off that analysis:

* ``normalise`` — the scored tokens in their own (folded) script: exact agreement;
* ``variant_key`` — the skeletons of the identifying tokens: Mohammad = Muhammad = محمد;
* ``phonetic`` — metaphone of the canonical Latin forms (``tokens.phonetic_code``);
* ``bigrams`` — padded bigrams of the joined skeleton, for the Bloom filter.
"""

from __future__ import annotations

from aidtrace.names import analyse
from aidtrace.privacy.tokens import phonetic_code


class NamesLayerKeys:
    """``NameKeys`` implemented on ``aidtrace.names.analyse``."""

    def normalise(self, name: str) -> str:
        return " ".join(t.text for t in analyse(name).scored)

    def variant_key(self, name: str) -> str:
        return " ".join(t.skeleton for t in analyse(name).tokens if t.evidence and t.skeleton)

    def phonetic(self, name: str) -> str:
        codes = (phonetic_code(t.form) for t in analyse(name).scored if t.form)
        return " ".join(filter(None, codes))

    def bigrams(self, name: str) -> set[str]:
        skeleton = analyse(name).skeleton
        padded = f"_{skeleton}_" if skeleton else ""
        return {padded[i : i + 2] for i in range(len(padded) - 1)}
