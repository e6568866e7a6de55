"""A screening hit as an officer reads it: the two names side by side, in both scripts, with
the parts that matched highlighted; the dates; the list entry, its programme and source fragment.
"""

from __future__ import annotations

from typing import Any

from aidtrace.accounts.users import User
from aidtrace.watchlists.codec import loads
from aidtrace.watchlists.model import ListEntry
from aidtrace.web.evidence import PRESENTERS, EvidenceView
from aidtrace.workspace import Workspace

KIND = "sanctions_match"
Part = tuple[str, bool]  # a token of a name, and whether it took part in the match


def _fold(token: str) -> str:
    return "".join(ch for ch in token.casefold() if ch.isalnum())


def _hit(token: str, matched: set[str]) -> bool:
    # The scorer may join name parts ("abdul ghani" → "abdulghani"): a part inside a matched
    # key counts as matched too.
    folded = _fold(token)
    return bool(folded) and any(
        folded == key or (len(folded) >= 3 and folded in key) for key in matched
    )


def marked(name: str, matched: set[str]) -> list[Part]:
    """The name split into tokens, each flagged if it took part in the match."""
    return [(tok, _hit(tok, matched)) for tok in name.split()]


def _entry(ws: Workspace, alert: dict[str, Any], hit: dict[str, Any]) -> ListEntry | None:
    """The listed entry as stored in the snapshot the alert was raised against."""
    label = str(alert.get("list_snapshot") or "")
    if not hit.get("list"):
        return None
    snapshot = next((s for s in label.split("+") if s.startswith(f"{hit['list']}@")), None)
    if snapshot is None:
        return None
    # One entry, not the whole snapshot: a full list is tens of thousands of entries.
    rows = ws.engine.query(
        "SELECT b.entry FROM list_members m JOIN list_entry_blobs b USING (entry_hash) "
        "WHERE m.snapshot_id = ? AND m.source_id = ?",
        (snapshot, str(hit["source_id"])),
    ).to_pylist()
    return loads(rows[0]["entry"]) if rows else None


def _names(entry: ListEntry | None, hit: dict[str, Any]) -> list[dict[str, str]]:
    if entry is None:
        name = str(hit.get("name") or "")
        return [{"name": name, "quality": "primary", "script": "latin"}] if name else []
    return [
        {
            "name": n.full,
            "quality": n.quality.value,
            "script": "latin" if n.full.isascii() else "original",
        }
        for n in entry.names
    ]


def party_names(ws: Workspace, subject: str) -> list[str]:
    """An organisation's own names (Latin and Dari/Pashto) when the subject is one: they are not
    personal data. People's names stay sealed (see ``personal``)."""
    org_id = subject.removeprefix("org:")
    if org_id == subject or not ws.engine.has_table("organisations"):
        return []
    rows = ws.engine.query(
        "SELECT name, name_fa FROM organisations WHERE org_id = ? LIMIT 1", (org_id,)
    ).to_pylist()
    return [str(v) for v in (rows[0].values() if rows else ()) if v]


def stored_hit(evidence: dict[str, Any]) -> dict[str, Any]:
    """The hit as the evidence holds it. A party screened by the monitor keeps the whole hit; a
    person screened at import keeps only ids and numbers (``entry_id`` = list:source id:version
    and the feature scores), never a name, so the rest is looked up or left out."""
    if isinstance(evidence.get("hit"), dict):
        return dict(evidence["hit"])
    listed, _, rest = str(evidence.get("entry_id") or "").partition(":")
    source_id = rest.rpartition(":")[0] or rest
    features = dict(evidence.get("features") or {})
    why = {"name_score": features.get("name"), "distinctiveness": features.get("distinct")}
    if features.get("birthplace"):  # registered where the listed man was born
        why["birthplace"] = features["birthplace"]
    return {"list": listed, "source_id": source_id, "explanation": why, "at_import": True}


def _number(value: object) -> str:
    return f"{value:.3f}" if isinstance(value, int | float) else "not recorded"


def present_hit(ws: Workspace, user: User, alert: dict[str, Any]) -> EvidenceView:
    hit = stored_hit(alert["evidence"])
    why = dict(hit.get("explanation") or {})
    pairs = list(why.get("pairs") or [])
    query_tokens = [str(p["query"]) for p in pairs] + list(why.get("query_unmatched") or [])
    entry = _entry(ws, alert, hit)
    listed_match = {_fold(str(p["listed"])) for p in pairs}
    names = [{**n, "parts": marked(n["name"], listed_match)} for n in _names(entry, hit)]
    query_match = {_fold(str(p["query"])) for p in pairs}
    detail = {
        "screened": {
            "subject": alert["subject"],
            "names": [
                {
                    "name": n,
                    "script": "latin" if n.isascii() else "original",
                    "parts": marked(n, query_match),
                }
                for n in party_names(ws, str(alert["subject"]))
            ],
            "parts": [(t, t in {str(p["query"]) for p in pairs}) for t in query_tokens],
        },
        "listed": names,
        "matched_name": why.get("listed_name"),
        "pairs": pairs,
        "birth": why.get("birth_date"),
        "nationality": why.get("nationality"),
        "identifiers": why.get("identifiers"),
        "titles_ignored": why.get("titles_ignored") or [],
        "entry": {
            "list": hit.get("list"),
            "source_id": hit.get("source_id"),
            "programmes": hit.get("programmes") or (list(entry.programmes) if entry else []),
            "schema": hit.get("schema") or (entry.schema.value if entry else None),
            "listed_on": entry.listed_on.isoformat() if entry and entry.listed_on else None,
            "birth_dates": [d.text or f"{d.start} – {d.end}" for d in entry.birth_dates]
            if entry
            else [],
            "nationalities": list(entry.nationalities) if entry else [],
            "birth_places": list(entry.birth_places) if entry else [],
            "raw": entry.raw if entry else "",
        },
    }
    detail["at_import"] = bool(hit.get("at_import"))
    facts = [("score", _number(hit.get("score", alert["score"]))),
             ("name score", _number(why.get("name_score"))),
             ("distinctiveness", _number(why.get("distinctiveness")))]  # fmt: skip
    if why.get("birthplace"):
        facts.append(("birthplace", "yes"))
    return EvidenceView("evidence/screening.html", facts, detail)


PRESENTERS[KIND] = present_hit
