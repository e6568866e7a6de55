"""An index shared by threads screening at once: what one thread is handed is never still being
built by another (a compiled comprehension over a list that grows writes past its own end)."""

from __future__ import annotations

from collections.abc import Iterator

from aidtrace.screening import ScreeningIndex, build_index
from aidtrace.screening.index import IndexedName

Seen = list[list[tuple[object, ...]]]


class _Watched(list[IndexedName]):
    """The index's names, noting halfway through a pass over them what another thread reading
    ``names_of`` at that moment would find published."""

    def __init__(self, names: list[IndexedName], index: ScreeningIndex, seen: list[Seen]) -> None:
        super().__init__(names)
        self.index, self.seen = index, seen

    def __iter__(self) -> Iterator[IndexedName]:
        for i, name in enumerate(super().__iter__()):
            if i == len(self) // 2:
                self.seen.append([list(names) for names in self.index._by_entry])
            yield name


def test_the_names_by_entry_are_published_only_when_built(un_index: ScreeningIndex) -> None:
    index = build_index(un_index.entries[:60])
    seen: list[Seen] = []
    index.names = _Watched(index.names, index, seen)
    built = [list(index.names_of(p)) for p in range(len(index.entries))]
    index.names.append(index.names[0])  # built again, beside the first one in use
    again = [list(index.names_of(p)) for p in range(len(index.entries))]
    assert seen == [[], built]  # nothing at first, then the whole first build, never half
    assert again[index.names[0].entry] == [
        *built[index.names[0].entry],
        built[index.names[0].entry][0],
    ]
