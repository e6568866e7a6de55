"""Screening's own tables: decisions on screening hits, appended, never overwritten; and the
name-skeleton, birth-year and district counts of the screened population (common skeletons,
years and districts only, see ``names.rarity.MIN_PEOPLE``), so batch screening weighs names as
the import did and a later import weighs its hits against the whole register
(``screening.population``)."""

from __future__ import annotations

from aidtrace.store.migrations import Migration, register

MIGRATIONS = register(
    "screening",
    [
        Migration(
            1,
            "screening decisions per (subject, list entry, entry version)",
            (
                "CREATE TABLE screening_decisions (decision_id VARCHAR PRIMARY KEY, "
                "subject VARCHAR NOT NULL, list_name VARCHAR NOT NULL, "
                "source_id VARCHAR NOT NULL, entry_version VARCHAR NOT NULL, "
                "decision VARCHAR NOT NULL, decided_by VARCHAR NOT NULL, "
                "decided_at TIMESTAMPTZ NOT NULL, note VARCHAR)",
            ),
        ),
        Migration(
            2,
            "name-skeleton counts of the screened population, per counting (one per import)",
            (
                "CREATE TABLE screening_population_counts (count_id VARCHAR PRIMARY KEY, "
                "kind VARCHAR NOT NULL, people BIGINT NOT NULL, "
                "counted_at TIMESTAMPTZ NOT NULL)",
                "CREATE TABLE screening_population (count_id VARCHAR NOT NULL, "
                "skeleton VARCHAR NOT NULL, people BIGINT NOT NULL, "
                "PRIMARY KEY (count_id, skeleton))",
            ),
        ),
        Migration(
            3,
            "birth-year counts of the screened population, per counting (common years only)",
            (
                "CREATE TABLE screening_population_born (count_id VARCHAR NOT NULL, "
                "year INTEGER NOT NULL, people BIGINT NOT NULL, PRIMARY KEY (count_id, year))",
            ),
        ),
        Migration(
            4,
            "where the screened population is registered: people per district, per counting",
            (
                "CREATE TABLE screening_population_places (count_id VARCHAR NOT NULL, "
                "place VARCHAR NOT NULL, people BIGINT NOT NULL, PRIMARY KEY (count_id, place))",
            ),
        ),
    ],
)
