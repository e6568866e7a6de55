"""The integrity monitors: duplicates (linkage), ghost households, padded payrolls, payroll
duplicates.

Each is registered on its own, so a run can ask for one concern. The duplicates monitor trains
the model on the workspace's tokens, keeps it (``integrity_models``), stores the clusters and the
households they join, and raises one alert per family registered twice with the pairs that make
it and which fields agreed. The ghosts monitor raises one alert per enumerator whose households
look invented, listing each household and every indicator that fired on it, and each household's
record beside those of the households sharing its phone or tazkira, with whether each was ever
seen at a distribution; the payroll monitor one per staff member. The payroll duplicates monitor
raises one alert per pair of staff records that a rule judges to be one person, with what agreed
and what each was paid.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from itertools import pairwise
from typing import Any

import pyarrow as pa

from aidtrace.alerts.evidence import IndicatorEvidence, PayrollDuplicateEvidence
from aidtrace.alerts.model import Alert, AlertKind, Finder, Severity, detected
from aidtrace.errors import InputError, MissingInput, NotFound
from aidtrace.integrity import linkage, payroll_duplicates
from aidtrace.integrity.backends import db_api, training_api
from aidtrace.integrity.clusters import household_groups
from aidtrace.integrity.compact import compact
from aidtrace.integrity.evidence import cluster_alerts
from aidtrace.integrity.ghost_alerts import (
    NOTE,
    Innocence,
    combined,
    family_phone,
    ghost_alerts,
    registrars,
    round_roster,
)
from aidtrace.integrity.ghosts import BENEFICIARIES, Flag, run_indicators
from aidtrace.integrity.household_records import with_records
from aidtrace.integrity.tokenshape import TOKEN_COLUMNS
from aidtrace.monitors import RunContext, register
from aidtrace.store.engine import Engine
from aidtrace.workspace import Workspace


def load_tokens(engine: Engine) -> pa.Table:
    """The workspace's person tokens (the columns linkage reads, tokens as integers), or
    ``MissingInput`` when no list was imported."""
    if not engine.has_table("person_tokens"):
        raise MissingInput("no beneficiary or staff list imported yet")
    columns = ", ".join(TOKEN_COLUMNS)
    tokens = engine.query(f"SELECT {columns} FROM person_tokens ORDER BY person_id")
    if tokens.num_rows < 2:
        raise MissingInput("fewer than two people imported: nothing to link")
    return compact(tokens)


def screening_hits(engine: Engine) -> set[str]:
    """People with an open sanctions match (raised by the importers' screening)."""
    if not engine.has_table("alerts"):
        return set()
    rows = engine.query("SELECT DISTINCT subject FROM alerts WHERE kind = 'sanctions_match'")
    return {str(s) for s in rows.column("subject").to_pylist()}


def save_model(workspace: Workspace, model: linkage.Model, records: int) -> str:
    text = model.to_json()
    model_id = hashlib.sha256(text.encode()).hexdigest()[:16]
    workspace.engine.execute(
        "INSERT OR REPLACE INTO integrity_models VALUES (?, ?, ?, ?)",
        (model_id, workspace.clock(), records, text),
    )
    return model_id


def save_links(workspace: Workspace, result: linkage.LinkageResult, model_id: str) -> None:
    clusters = result.clusters.append_column(
        "model_id", pa.array([model_id] * result.clusters.num_rows, pa.string())
    )
    workspace.engine.write("integrity_clusters", clusters, mode="replace")
    workspace.engine.write(
        "integrity_household_groups", household_groups(result.pairs), mode="replace"
    )


RETRAIN = "retrain"
LATEST = "latest"


def stored_model(engine: Engine, which: str) -> tuple[str, linkage.Model] | None:
    """A kept model: the latest trained (``"latest"``; ``None`` if there is none yet) or the
    one with this id (``NotFound`` if there is no such model)."""
    if which == LATEST:
        sql = (
            "SELECT model_id, settings_json FROM integrity_models ORDER BY trained_at DESC LIMIT 1"
        )
        rows = engine.query(sql).to_pylist()
    else:
        sql = "SELECT model_id, settings_json FROM integrity_models WHERE model_id = ?"
        rows = engine.query(sql, (which,)).to_pylist()
        if not rows:
            raise NotFound(f"no linkage model {which!r} in this workspace")
    if not rows:
        return None
    return str(rows[0]["model_id"]), linkage.Model.from_json(str(rows[0]["settings_json"]))


def _staff_only(alert: Alert) -> bool:
    # Staff linked only to staff are one person on a payroll twice: the payroll duplicates
    # monitor explains those with what each record was paid. A staff member linked to a
    # beneficiary stays here.
    evidence: Any = alert.evidence
    return all(str(m).startswith("staff:") for m in evidence["cluster"])


def linkage_bands(params: Mapping[str, object]) -> tuple[linkage.Bands | None, float]:
    """The run's ``auto_link`` cut-off if one is given (else ``None``: calibrated), and the
    ``link_error`` the calibration allows."""
    values = {}
    for key in ("auto_link", "link_error"):
        if key in params:
            try:
                values[key] = float(str(params[key]))
            except ValueError:
                raise InputError(
                    f"integrity.duplicates:{key}={params[key]!r} is not a number"
                ) from None
            if not 0 < values[key] < 1:
                raise InputError(f"integrity.duplicates:{key} must lie between 0 and 1")
    link_error = values.get("link_error", linkage.LINK_ERROR)
    if "auto_link" not in values:
        return None, link_error
    return linkage.Bands(auto_link=values["auto_link"]), link_error


Span = tuple[date, date]


def served_spans(engine: Engine) -> dict[str, Span]:
    """Each household's first and last recorded hand-over."""
    if not engine.has_table("distributions"):
        return {}
    rows = engine.query(
        "SELECT household_id, min(date) AS first, max(date) AS last FROM distributions "
        "WHERE household_id IS NOT NULL GROUP BY household_id"
    ).to_pylist()
    return {str(r["household_id"]): (r["first"], r["last"]) for r in rows}


def moved(alert: Alert, spans: Mapping[str, Span]) -> bool:
    """Whether a family group's households were served one after the other, never at once:
    a family that left one place and registered again where it arrived, not one drawing aid
    twice. Only beneficiary households with hand-overs on record can show it."""
    evidence: Any = alert.evidence
    if any(r["kind"] != "beneficiary" for r in evidence["records"]):
        return False
    households = list(evidence["households"])
    if len(households) < 2 or any(h not in spans for h in households):
        return False
    ordered = sorted(spans[h] for h in households)
    return all(earlier[1] < later[0] for earlier, later in pairwise(ordered))


class DuplicatesMonitor:
    """Parameters: ``engine`` (``"duckdb"`` or ``"spark"``: where the pairs are scored; a model
    is trained on DuckDB in one thread, ``training_api``, so the same records give the same
    model and the same alerts on every run) and ``model``: ``"retrain"`` (the
    default: learn the model from this run's tokens), ``"latest"`` (score with the last model
    kept, training one only if none is) or a model id. Reusing a model keeps weights and
    alert evidence comparable week to week and skips the training pass. ``link_error`` (0.01)
    is the share of wrong auto-links the calibrated cut-off allows; ``auto_link`` fixes the
    cut-off instead."""

    name = "integrity.duplicates"
    version = "1"
    description = "the same person registered twice, within or across lists (on tokens)"

    def run(self, ctx: RunContext) -> Iterable[Alert]:
        workspace = ctx.workspace
        bands, link_error = linkage_bands(ctx.params)
        tokens = load_tokens(workspace.engine)
        engine = str(ctx.params.get("engine", "duckdb"))
        which = str(ctx.params.get("model", RETRAIN))
        kept = None if which == RETRAIN else stored_model(workspace.engine, which)
        if kept is None:
            ctx.progress("training the linkage model", 0, 2)
            model = linkage.train(tokens, training_api())
            model_id = save_model(workspace, model, tokens.num_rows)
        else:
            model_id, model = kept
        ctx.progress("scoring candidate pairs", 1, 2)
        result = linkage.predict(tokens, model, db_api(engine), bands=bands, link_error=link_error)
        save_links(workspace, result, model_id)
        ctx.progress("scoring candidate pairs", 2, 2)
        screened = screening_hits(workspace.engine)
        alerts = cluster_alerts(result, model, model_id, self.name, self.version, screened)
        spans = served_spans(workspace.engine)
        return [a for a in alerts if not _staff_only(a) and not moved(a, spans)]


def flag_alerts(
    flags: Iterable[Flag], monitor: str, version: str, kind: AlertKind
) -> Iterator[Alert]:
    """One alert per subject, naming every indicator that fired and what it saw."""
    by_subject: dict[tuple[str, str], list[Flag]] = {}
    for flag in flags:
        by_subject.setdefault((flag.subject_kind, flag.subject), []).append(flag)
    for (subject_kind, subject), found in sorted(by_subject.items()):
        score = combined(found)
        names = sorted({f.indicator for f in found})
        yield detected(
            Finder(monitor, version),
            kind,
            subject=f"{subject_kind}:{subject}",
            score=score,
            summary=f"{subject_kind} {subject}: " + ", ".join(n.replace("_", " ") for n in names),
            identity_key=",".join(names),
            severity=Severity.HIGH if len(names) > 1 else Severity.MEDIUM,
            evidence=IndicatorEvidence(
                indicators={f.indicator: dict(f.evidence) for f in found}, note=NOTE
            ),
        )


GHOST_INDICATORS = (
    "shared_phone",
    "shared_tazkira",
    "copied_roster",
    "age_anomaly",
    "age_heaping",
    "burst_registration",
    "never_seen",
)


def phone_groups(engine: Engine) -> dict[int, int]:
    """How many phones are registered to each number of households (families registered twice
    counting once), the register's own measure of how far a family's phone reaches."""
    if not engine.has_table("person_tokens") or not engine.has_table("integrity_household_groups"):
        return {}
    rows = engine.query(
        f"WITH b AS ({BENEFICIARIES}), g AS (SELECT phone_tok, count(DISTINCT family) AS n "
        "FROM b WHERE phone_tok IS NOT NULL GROUP BY 1) "
        "SELECT n, count(*) AS phones FROM g GROUP BY 1"
    ).to_pylist()
    return {int(r["n"]): int(r["phones"]) for r in rows}


def household_ages(engine: Engine) -> tuple[dict[int, int], float]:
    """How many households have each number of members, and the share of members whose recorded
    age is round (a multiple of five): the register's own age heaping."""
    if not engine.has_table("person_tokens") or not engine.has_table("integrity_household_groups"):
        return {}, 0.0
    sizes = engine.query(
        f"WITH b AS ({BENEFICIARIES}), h AS (SELECT household_id, count(*) AS members FROM b "
        "GROUP BY 1) SELECT members, count(*) AS households FROM h GROUP BY 1"
    ).to_pylist()
    share = engine.query(
        f"WITH b AS ({BENEFICIARIES}) SELECT count(*) FILTER (WHERE age_round) AS round_ages, "
        "count(*) AS members FROM b"
    ).to_pylist()[0]
    rounded = int(share["round_ages"] or 0) / max(1, int(share["members"] or 0))
    return {int(r["members"]): int(r["households"]) for r in sizes}, rounded


def moved_households(engine: Engine, spans: Mapping[str, Span]) -> frozenset[str]:
    """Households whose every shared tazkira joins them only to households served before or
    after them, never at the same time: a family that moved and registered where it arrived
    (as ``moved`` for duplicates), carrying its own tazkira, not households invented on one."""
    if not engine.has_table("person_tokens") or not engine.has_table("integrity_household_groups"):
        return frozenset()
    rows = engine.query(
        f"WITH b AS ({BENEFICIARIES}), shared AS (SELECT tazkira_tok FROM b "
        "WHERE tazkira_tok IS NOT NULL GROUP BY 1 HAVING count(DISTINCT family) >= 2) "
        "SELECT DISTINCT tazkira_tok, household_id FROM b JOIN shared USING (tazkira_tok)"
    ).to_pylist()
    groups: dict[object, list[str]] = {}
    for row in rows:
        groups.setdefault(row["tazkira_tok"], []).append(str(row["household_id"]))
    sharing: dict[str, bool] = {}
    for households in groups.values():
        one_after_another = served_in_turn(households, spans)
        for household in households:
            sharing[household] = sharing.get(household, True) and one_after_another
    return frozenset(h for h, innocent in sharing.items() if innocent)


def served_in_turn(households: Iterable[str], spans: Mapping[str, Span]) -> bool:
    """Whether every one of ``households`` was served, each after the last one's final
    hand-over."""
    known = [spans.get(h) for h in households]
    if any(span is None for span in known):
        return False
    ordered = sorted(span for span in known if span is not None)
    return all(earlier[1] < later[0] for earlier, later in pairwise(ordered))


class GhostsMonitor:
    name = "integrity.ghosts"
    version = "1"
    description = "households that may not exist: shared IDs, copied rosters, bursts, unseen"

    def run(self, ctx: RunContext) -> Iterable[Alert]:
        names = GHOST_INDICATORS
        engine = ctx.workspace.engine
        flags, skipped = run_indicators(engine, names)
        if len(skipped) == len(names):
            raise MissingInput("no beneficiary list or distributions imported yet")
        registrar = registrars(engine)
        innocence = Innocence(
            family_phone(phone_groups(engine)),
            moved_households(engine, served_spans(engine)),
            round_roster(*household_ages(engine)),
        )
        raised = ghost_alerts(flags, registrar, self.name, self.version, innocence)
        alerts = with_records(engine, list(raised))
        # An enumerator whose recorded ages look invented is its own finding.
        heaping = [f for f in flags if f.subject_kind == "enumerator"]
        return alerts + list(flag_alerts(heaping, self.name, self.version, AlertKind.AGE_HEAPING))


class PayrollMonitor:
    name = "integrity.payroll"
    version = "1"
    description = "salaries paid to staff with no recorded attendance"

    def run(self, ctx: RunContext) -> Iterable[Alert]:
        flags, skipped = run_indicators(ctx.workspace.engine, ("payroll_without_attendance",))
        if skipped:
            raise MissingInput("no ledger or attendance imported yet")
        return list(flag_alerts(flags, self.name, self.version, AlertKind.PAYROLL_GHOST))


def payroll_duplicate_alert(
    found: payroll_duplicates.Duplicate, evidence: PayrollDuplicateEvidence, version: str
) -> Alert:
    """One alert per pair of staff records judged to be one person."""
    a, b = found.person_ids
    twice = int(str(evidence["months_both_paid"]))
    summary = f"{found.staff_ids[0]} and {found.staff_ids[1]}: {found.rule.reason}"
    if twice:
        summary += f"; both paid in {twice} months"
    return detected(
        Finder(PayrollDuplicatesMonitor.name, version),
        AlertKind.PAYROLL_DUPLICATE,
        subject=f"pair:{a}|{b}",
        score=found.rule.score,
        summary=summary,
        identity_key=f"{a}|{b}",
        severity=Severity.HIGH if twice else Severity.MEDIUM,
        evidence=evidence,
    )


class PayrollDuplicatesMonitor:
    name = "integrity.payroll_duplicates"
    version = "1"
    description = "one person on a payroll twice (same or another employer), on tokens"

    def run(self, ctx: RunContext) -> Iterable[Alert]:
        engine = ctx.workspace.engine
        if not engine.has_table("person_tokens"):
            raise MissingInput("no staff list imported yet")
        staff = engine.query("SELECT count(*) AS n FROM person_tokens WHERE kind = 'staff'")
        if staff.column("n")[0].as_py() < 2:
            raise MissingInput("fewer than two staff records imported: nothing to compare")
        return [
            payroll_duplicate_alert(found, evidence, self.version)
            for found, evidence in payroll_duplicates.iter_evidence(engine)
        ]


register(DuplicatesMonitor())
register(GhostsMonitor())
register(PayrollMonitor())
register(PayrollDuplicatesMonitor())
