"""Token against token: how alike two name parts are, and by which reading.

The best of: the Latin forms (typos, spelling families via ``names.variants``), the consonant
skeletons (romanisation variants, and Latin against Arabic script through every plausible
skeleton of each side), the text itself for two tokens of the same non-Latin script, and
compounds that differ by a particle ("Abdul Abbas" written "Abdulabbas" against "Abbas"), and
a given name and its diminutive (Ted/Theodore, Bibi/Benjamin; ``names.given_names``),
and Chinese syllables in Wade–Giles against pinyin (Hsi/Xi, Tse-tung/Zedong; ``names.chinese``).
Typos are counted as edits with a swap of two neighbouring letters as one edit (Marcon/Macron).
"""

from __future__ import annotations

import math
from typing import Final

from rapidfuzz.distance import OSA, Levenshtein

from aidtrace.names.analyze import make_token
from aidtrace.names.arabic import is_arabic_script
from aidtrace.names.arabic import shortest_skeleton as arabic_shortest_skeleton
from aidtrace.names.chinese import same_syllables, syllable_key
from aidtrace.names.given_names import given_name_groups, same_given_name
from aidtrace.names.model import NameToken, Script, TokenRole
from aidtrace.names.name_parts import compound_cores, patronymic_of
from aidtrace.names.skeleton import collapse, turkish_c, turkish_skeleton
from aidtrace.names.skeleton import shortest_skeleton as latin_shortest_skeleton
from aidtrace.names.variants import canonical_latin, romanise

SKELETON_EQUAL: Final = 0.92  # same consonants, different vowels: very likely a spelling variant
CROSS_SCRIPT_EQUAL: Final = 0.95  # same consonants across scripts: the best agreement possible
ALTERNATIVE: Final = 0.95  # agreement only through an alternative reading of an ambiguous letter
SHORT: Final = 0.93  # equal skeletons of two consonants
INITIAL: Final = 0.75  # "V." for "Vladimir": consistent, weak
ONE_SLIP: Final = 0.85  # share of the skeleton agreement left after one slip in a long skeleton
# the consonants agree only as Turkish spelling is read, v kept (Cavit / Javid): an equal
# skeleton through an alternative reading
TURKISH: Final = ALTERNATIVE * SKELETON_EQUAL
COMPOUND: Final = 0.85  # "abdulabbas" against "abbas": the same name with a particle joined
GIVEN_NAME: Final = 0.85  # a nickname for the name: likely the same person, not certain
ROMANISATION: Final = 0.9  # the same Chinese syllables in Wade–Giles and in pinyin
MIN_CORE: Final = 0.6  # below this, two compounds' cores are different names
TYPO_FLOOR: Final = 0.5  # edit similarity at which a token pair earns nothing
TYPO_KNEE: Final = 0.8  # from here on a pair earns its similarity
NOMINATIVE: Final = 0.95  # the same name with and without a Baltic nominative ending
COMPANY_WORD: Final = 0.9  # two words for "a company" that name no legal form
_COMPANY_WORDS: Final = frozenset(
    {"company", "corporation", "corp", "co", "incorporated", "enterprise"}
)
_AFFIXES: Final = frozenset({"abdul", "abu", "ullah", "uddin", "zai", "zada", "khel"})


def token_similarity(a: NameToken, b: NameToken) -> tuple[float, str]:
    """How alike two tokens are (0..1, already discounted for doubt), and by which reading."""
    # every other field of a token derives from its text and role, so they key the memo
    key = (a.text, a.role, b.text, b.role)
    known = _MEMO.get(key)
    if known is None:
        if len(_MEMO) >= MEMO_SIZE:
            _MEMO.clear()
        known = _MEMO[key] = _similarity(a, b)
    return known


# A pure memo of token pairs (population screening meets the same pairs over and over).
MEMO_SIZE: Final = 500_000
_MEMO: Final[dict[tuple[str, TokenRole, str, TokenRole], tuple[float, str]]] = {}


def _similarity(a: NameToken, b: NameToken) -> tuple[float, str]:
    if a.role is TokenRole.NUMBER or b.role is TokenRole.NUMBER:
        return (1.0, "exact") if a.text == b.text else (0.0, "different")
    if a.text == b.text:
        return 1.0, "exact"
    if a.text in _COMPANY_WORDS and b.text in _COMPANY_WORDS:
        return COMPANY_WORD, "variant"  # "Homs Refinery Corporation" / "... Company"
    if a.script is Script.OTHER and b.script is Script.OTHER:
        # Han, Hangul, Thai…: the lossy romanisation of both sides says nothing (高市/高石 are
        # both "gao shi"); one changed character is another name
        return _discount(Levenshtein.normalized_similarity(a.text, b.text)), "typo"
    cross = (a.script is Script.ARABIC) != (b.script is Script.ARABIC)
    if a.form == b.form:
        return (CROSS_SCRIPT_EQUAL, "cross-script") if cross else (0.97, "variant")
    if not cross and collapse(a.form) == collapse(b.form):
        return 0.95, "variant"  # doubled letters: Kim Jong-uun, Lindemann, Hassan/Hasan
    if a.role is TokenRole.INITIAL or b.role is TokenRole.INITIAL:
        initial = a.form[:1] == b.form[:1] and not cross
        return (INITIAL, "initial") if initial else (0.0, "different")
    best, how = 0.0, "different"
    if not cross:
        best, how = _discount(_text_similarity(a, b)), "typo"
    if Script.OTHER in (a.script, b.script):
        return best, how  # a lossy romanisation (Han, Hangul…) is too loose for skeletons
    skel = skeleton_similarity(a.skeleton, b.skeleton, cross)
    if skel < SKELETON_EQUAL and (a.alternatives or b.alternatives):
        # an ambiguous letter read the other way (Akhmed/Ahmed, اسحاق/Ishaq)
        alternative = max(
            (
                skeleton_similarity(x, y, cross)
                for x in a.skeletons
                for y in b.skeletons
                if cross or min(len(x), len(y)) >= 3
            ),
            default=0.0,
        )
        skel = max(skel, ALTERNATIVE * alternative)
    if skel > best:
        best, how = skel, "cross-script" if cross else "skeleton"
    if best < TURKISH and _latin_names(a, b) and _turkish_alike(a.text, b.text):
        best, how = TURKISH, "skeleton"
    if best < COMPOUND and _same_but_affix(a.form, b.form):
        best, how = COMPOUND, "compound"
    if best < ROMANISATION and _latin_names(a, b):
        if same_syllables(a.text, b.text):
            best, how = ROMANISATION, "romanisation"
        elif best < GIVEN_NAME and same_given_name(a.text, b.text):
            best, how = GIVEN_NAME, "given name"
    return _different_parts(a, b, best, how)


def may_reach(a: NameToken, b: NameToken, floor: float) -> bool:
    """False only where ``token_similarity(a, b)`` is certainly below ``floor`` (0.8 or more):
    a cheap test, for the matcher's runs of joined tokens, nearly all of which are nothing
    like the token they are held against. Each reading above has its necessary condition: the
    same text or form, the edit similarity itself (one script, lengths permitting), equal
    consonant skeletons (or one slip in long ones, where that still reaches ``floor``), a
    particle's difference, one of the romanisation and given-name tables, or the Turkish
    reading of a v.
    """
    return _may_reach(a, b, floor, -1)


# a token read from its text and form only, and the length its skeletons are at least
TokenSketch = tuple[NameToken, int]


def token_sketch(text: str) -> TokenSketch | None:
    """``text`` as ``make_token`` would read it (a run of a name's tokens written together),
    but for its skeletons, the dear part, which are bounded by their length instead
    (``shortest_skeleton``); None where the script is neither Latin nor Perso-Arabic.
    Remembered: a population's names give the same runs over and over."""
    known = _SKETCHES.get(text)
    if known is None and text not in _SKETCHES:
        if len(_SKETCHES) >= MEMO_SIZE:
            _SKETCHES.clear()
        if is_arabic_script(text):
            token = NameToken(text, romanise(text), "", TokenRole.NAME, Script.ARABIC)
            known = (token, arabic_shortest_skeleton(text))
        elif text.isascii():
            token = NameToken(text, canonical_latin(text), "", TokenRole.NAME, Script.LATIN)
            known = (token, latin_shortest_skeleton(text))
        _SKETCHES[text] = known
    return known


_SKETCHES: Final[dict[str, TokenSketch | None]] = {}


def may_reach_sketch(a: NameToken, sketch: TokenSketch | None, floor: float) -> bool:
    """``may_reach`` of ``a`` and a token sketched from its text (``token_sketch``), or True
    where unsure: a run against a single token, nearly always much longer, needs no more."""
    return sketch is None or _may_reach(a, sketch[0], floor, sketch[1])


def _may_reach(a: NameToken, b: NameToken, floor: float, b_shortest: int) -> bool:
    """``may_reach``, with ``b``'s skeletons known only to be ``b_shortest`` symbols or longer
    where that is 0 or more."""
    assert floor >= TYPO_KNEE, "below the knee, initials and discounted typos would need a test"
    if a.text == b.text or a.form == b.form:
        return True
    if a.role is TokenRole.NUMBER or b.role is TokenRole.NUMBER:
        return False
    if a.text in _COMPANY_WORDS and b.text in _COMPANY_WORDS:
        return True
    cross = (a.script is Script.ARABIC) != (b.script is Script.ARABIC)
    if not cross:
        if a.script is Script.OTHER and b.script is Script.OTHER:
            near = _near_length(a.text, b.text, floor)
            return near and Levenshtein.normalized_similarity(a.text, b.text) >= floor
        # an edit similarity of ``floor`` needs lengths that close (a nominative -s aside)
        near = _near_length(a.form, b.form, floor)
        near = near or (a.script is Script.ARABIC and _near_length(a.text, b.text, floor))
        if near and _text_similarity(a, b) >= floor:
            return True
        if collapse(a.form) == collapse(b.form):
            return True
    if a.role is TokenRole.INITIAL or b.role is TokenRole.INITIAL:
        return False
    if b_shortest < 0:
        skeletons = _skeletons_may_reach(a, b, cross, floor)
    else:
        skeletons = _skeletons_may_be_as_long(a, b_shortest, cross, floor)
    if skeletons or _same_but_affix(a.form, b.form):
        return True
    return _latin_names(a, b) and (
        same_given_name(a.text, b.text)
        or same_syllables(a.text, b.text)
        or _turkish_alike(a.text, b.text)
    )


def least_edit_similarity(credit: float) -> float:
    """The lowest edit similarity that ``_discount`` credits ``credit`` or more: what two
    texts must share for the typo reading to reach ``credit``."""
    if credit >= TYPO_KNEE:
        return credit
    # s (s - FLOOR) / (KNEE - FLOOR) = credit, solved for s
    span = TYPO_KNEE - TYPO_FLOOR
    return (TYPO_FLOOR + math.sqrt(TYPO_FLOOR**2 + 4 * credit * span)) / 2


def texts_read(token: NameToken) -> tuple[str, ...]:
    """The texts the typo reading compares a token by: its Latin form, its own text in a
    script other than Latin, and either without a Baltic nominative -s (``_nominative_stems``)."""
    texts = [token.form]
    if token.script is not Script.LATIN and token.text != token.form:
        texts.append(token.text)
    for text in tuple(texts):
        if len(text) >= 4 and text.endswith("s"):
            texts.append(text[:-1])
    return tuple(t for t in texts if t)


def reading_keys(token: NameToken) -> set[str]:
    """Keys of the readings that need a table rather than the letters (a diminutive, a Chinese
    romanisation, a company word, doubled letters): two tokens alike by one of them share one."""
    keys = {"c:" + collapse(token.form)}
    if token.script is Script.LATIN and token.role is TokenRole.NAME:
        keys.update(f"g:{group}" for group in given_name_groups(token.text))
        turkish = turkish_skeleton(token.text)
        if turkish is not None:
            keys.add("t:" + turkish)
        syllables = syllable_key(token.text)
        if syllables is not None:
            keys.add("z:" + syllables)
    if token.text in _COMPANY_WORDS:
        keys.add("k:company")
    return keys


def _near_length(a: str, b: str, floor: float) -> bool:
    """Lengths an edit similarity of ``floor`` allows (one letter more for a nominative -s)."""
    return abs(len(a) - len(b)) <= (1 - floor) * max(len(a), len(b)) + 1


def _skeletons_may_reach(a: NameToken, b: NameToken, cross: bool, floor: float) -> bool:
    """Whether a reading of the skeletons could reach ``floor`` (``skeleton_similarity``): two
    equal skeletons, or, where one slip still counts that much, two long ones a letter apart."""
    mine: tuple[str, ...]
    theirs: tuple[str, ...]
    if not a.alternatives and not b.alternatives:
        if a.skeleton and a.skeleton == b.skeleton:
            return True
        mine, theirs = (a.skeleton,), (b.skeleton,)
    else:
        mine, theirs = a.skeletons, b.skeletons
        for x in mine:
            if x and x in theirs:
                return True
    ceiling = CROSS_SCRIPT_EQUAL if cross else SKELETON_EQUAL
    if ceiling * ONE_SLIP < floor:
        return False
    for x in mine:
        for y in theirs:
            if min(len(x), len(y)) >= 5 and abs(len(x) - len(y)) <= 1:
                return True
    return False


def _skeletons_may_be_as_long(a: NameToken, shortest: int, cross: bool, floor: float) -> bool:
    """Whether a skeleton of ``a`` could equal one of ``shortest`` symbols or more, or, where
    one slip still counts ``floor``, be a letter off one (``_skeletons_may_reach``)."""
    longest = len(a.skeleton)
    for other in a.alternatives:
        longest = max(longest, len(other))
    if longest and longest >= shortest:
        return True
    ceiling = CROSS_SCRIPT_EQUAL if cross else SKELETON_EQUAL
    return ceiling * ONE_SLIP >= floor and longest >= 5 and longest + 1 >= shortest


def _different_parts(a: NameToken, b: NameToken, best: float, how: str) -> tuple[float, str]:
    """Caps for tokens that look alike but are different name parts: compounds with different
    cores (Abdurrahim/Abdurrahman) and a given name against a patronymic built on it."""
    if best == 0.0 or a.script is not Script.LATIN or b.script is not Script.LATIN:
        return best, how
    if patronymic_of(a.form, b.form):
        return 0.0, "different"
    cores = compound_cores(a.form, b.form)
    if cores is not None:
        core = token_similarity(make_token(cores[0], a.role), make_token(cores[1], b.role))[0]
        if core < best:
            return core, how if core >= MIN_CORE else "different"
    return best, how


def _turkish_alike(a: str, b: str) -> bool:
    """Two Latin names with a v that agree in every consonant as Turkish spelling is read, one
    of them with a Turkish c (``skeleton.turkish_skeleton``: Cavit / Javid, Cevat / Javad)."""
    if not (turkish_c(a) or turkish_c(b)):
        return False
    key = turkish_skeleton(a)
    return key is not None and len(key) >= 3 and key == turkish_skeleton(b)


def _latin_names(a: NameToken, b: NameToken) -> bool:
    """Two Latin-script name parts: where romanisation systems and diminutives apply."""
    latin = a.script is Script.LATIN and b.script is Script.LATIN
    return latin and a.role is TokenRole.NAME and b.role is TokenRole.NAME


def _text_similarity(a: NameToken, b: NameToken) -> float:
    # OSA: a swap of two neighbouring letters (Marcon/Macron) is one slip, not two
    similarity = OSA.normalized_similarity(a.form, b.form)
    stems = _nominative_stems(a.form, b.form)
    if stems is not None:
        similarity = max(similarity, NOMINATIVE * OSA.normalized_similarity(*stems))
    if a.script is Script.ARABIC:
        similarity = max(similarity, Levenshtein.normalized_similarity(a.text, b.text))
    return similarity


def _nominative_stems(a: str, b: str) -> tuple[str, str] | None:
    """Latvian and Lithuanian give foreign names a nominative -s (Sergejs Lavrovs for Sergey
    Lavrov, Putins): the two forms without it, when exactly one of them has it."""
    if a.endswith("s") == b.endswith("s") or min(len(a), len(b)) < 4:
        return None
    return (a[:-1], b) if a.endswith("s") else (a, b[:-1])


def _discount(similarity: float) -> float:
    """Edit similarity to credit: one typo in a long name keeps most, a different name none."""
    if similarity >= TYPO_KNEE:
        return similarity
    return similarity * max(0.0, (similarity - TYPO_FLOOR) / (TYPO_KNEE - TYPO_FLOOR))


def skeleton_similarity(a: str, b: str, cross: bool) -> float:
    """Equal skeletons are a spelling variant; one slip is tolerated in long ones."""
    if not a or not b:
        return 0.0
    ceiling = CROSS_SCRIPT_EQUAL if cross else SKELETON_EQUAL
    if len(a) + len(b) <= 2:
        # a one-consonant skeleton ("طه" / Taha) is evidence only across scripts
        return ceiling * 0.9 if cross and a == b else 0.0
    if a == b:
        # two consonants agree by chance more often than three (Paola/بلال)
        return ceiling if len(a) >= 3 else ceiling * SHORT
    if min(len(a), len(b)) >= 5 and Levenshtein.distance(a, b, score_cutoff=1) <= 1:
        return ceiling * ONE_SLIP
    return 0.0


def compound_cores_of(form: str) -> list[str]:
    """The forms ``form`` is a compound of with a particle joined ("abdulmalik" → "malik"): a
    blocking key, so a compound finds its core and the core the compound (``_same_but_affix``)."""
    cores = []
    for affix in _AFFIXES:
        if len(form) - len(affix) >= 3:
            if form.startswith(affix):
                cores.append(form[len(affix) :])
            if form.endswith(affix):
                cores.append(form[: -len(affix)])
    return cores


def _same_but_affix(a: str, b: str) -> bool:
    """One form is the other with a particle joined to it ("abdulabbas" / "abbas")."""
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    if len(shorter) < 3:
        return False
    if longer.endswith(shorter):
        return longer[: -len(shorter)] in _AFFIXES
    return longer.startswith(shorter) and longer[len(shorter) :] in _AFFIXES
