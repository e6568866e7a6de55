"""Given names that stand for one another: nicknames and diminutives (Ted for Theodore, Bill
for William, Bibi for Benjamin, Sasha for Aleksandr).

Spelling and skeleton comparisons cannot see these: "Ted" and "Theodore" share one consonant.
The table below is a fact table of common diminutives in the languages that watchlists and
aid data meet most (English, Russian and Ukrainian, Spanish, Hebrew). It is deliberately
small and written out: rigour's name catalogue (Wikidata given names) knows many more, but
loading it costs about 8 s of CPU and 390 MB per process, which every single-name query and
every screening worker would pay. Diminutives that are also common names in their own right
in Afghan or Arabic usage (Nik, Sami, Ali) are left out.
"""

from __future__ import annotations

from typing import Final

# full given name(s) -> their diminutives; every name in a line stands for the same person
_GROUPS: Final = """
william bill billy will willy
robert bob bobby rob robbie bert
richard dick rick ricky rich
edward ted teddy ed eddie ned
theodore ted teddy theo
james jim jimmy jamie
john jack johnny
michael mike mikey mick
thomas tom tommy
charles charlie chuck
christopher chris kit
daniel dan danny
david dave davy
joseph joe joey
nicholas nick nicky
anthony tony
benjamin ben benny bibi binyamin
jonathan jon
matthew matt
patrick pat paddy
peter pete
samuel sam sammy
stephen steven steve
timothy tim timmy
elizabeth liz lizzie beth betty betsy eliza
margaret maggie meg peggy
katherine catherine kathryn kate katie kathy cathy
jennifer jen jenny
rebecca becky
susan sue susie
alexander aleksandr oleksandr alexandr sasha sanya shura
alexandra aleksandra oleksandra sasha
vladimir volodymyr volodya vova
mikhail mykhailo misha
nikolai nikolay mykola kolya
dmitry dmitri dmytro dima
sergey sergei serhiy seryozha
yevgeny evgeny yevgeniy zhenya
ivan vanya
anatoly tolya
vyacheslav slava
jose pepe
francisco paco pancho
manuel manolo
"""


def same_given_name(a: str, b: str) -> bool:
    """True when two lower-case Latin tokens are one given name or its diminutive.

    A pure function of the two tokens, so callers may memoise it.
    """
    if a == b:
        return True
    mine = _GROUP_OF.get(a)
    return mine is not None and not mine.isdisjoint(_GROUP_OF.get(b, ()))


def given_name_groups(token: str) -> frozenset[int]:
    """The groups a lower-case Latin token belongs to (empty when none): two tokens are one
    given name (``same_given_name``) only where they share one, so these key blocking."""
    return _GROUP_OF.get(token, frozenset())


def _groups() -> dict[str, frozenset[int]]:
    """Each name -> the numbers of the lines it appears on (a name may be in two: Ted)."""
    found: dict[str, set[int]] = {}
    for number, line in enumerate(_GROUPS.strip().splitlines()):
        for name in line.split():
            found.setdefault(name, set()).add(number)
    return {name: frozenset(numbers) for name, numbers in found.items()}


_GROUP_OF: Final = _groups()
