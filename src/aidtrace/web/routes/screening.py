"""The screening search box: a name in Latin or Perso-Arabic script, ranked list entries."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from aidtrace.accounts.users import User
from aidtrace.errors import InputError
from aidtrace.events import ScreeningSearched
from aidtrace.screening.query import (
    PartyType,
    read_party,
)
from aidtrace.web.auth import desk_of, require
from aidtrace.web.pages import render
from aidtrace.web.policy import Permission
from aidtrace.web.search import UNTOLD, Told, search_names

router = APIRouter()
Screener = Annotated[User, Depends(require(Permission.SCREEN))]
Name = Annotated[str, Query(min_length=0, max_length=200)]
Limit = Annotated[int, Query(ge=1, le=50)]
# person, organisation, vessel or any (FollowTheMoney's Person, Organization… are read too)
Schema = Annotated[str, Query(max_length=40)]
# male or female (M, F…), or empty: compared with the listed person's gender
Gender = Annotated[str, Query(max_length=20)]
# a birth date as lists and forms write it (1968, ~1968, 1347 SH…), or empty
Born = Annotated[str, Query(max_length=60)]
# a country's name or ISO code, or empty
Country = Annotated[str, Query(max_length=60)]
# a document number (passport, tazkira), or empty
Document = Annotated[str, Query(max_length=60)]


def _told(
    gender: Gender = "", dob: Born = "", nationality: Country = "", identifier: Document = ""
) -> Told:
    """What the officer says of the party beside its name, as the query string gives it."""
    return Told(gender, dob, nationality, identifier)


Evidence = Annotated[Told, Depends(_told)]


def _search(
    request: Request,
    user: User,
    q: str,
    limit: int,
    party: PartyType = PartyType.ANY,
    told: Told = UNTOLD,
) -> dict[str, Any]:
    """Search, and record that this user searched (the name's length and hits, never the
    name: searching a name is how someone is looked for)."""
    desk = desk_of(request)
    with desk.reader() as ws:
        found = search_names(ws, desk.screening, q, limit, desk.generation, party, told)
    if q.strip():
        hits = len(found["results"])
        at = desk.clock()
        desk.record(ScreeningSearched(at=at, actor=user.username, query_chars=len(q), hits=hits))
    return found


def _shown(
    request: Request, user: User, q: str, limit: int, schema: str, told: Told = UNTOLD
) -> dict[str, Any]:
    """For people, a query with nothing to screen (or an unknown kind of party, or evidence
    that cannot be read) is said where the results would be."""
    try:
        return _search(request, user, q, limit, read_party(schema), told)
    except InputError as exc:
        return {"query": q, "available": True, "results": [], "refused": exc.message}


@router.get("/screening", response_class=HTMLResponse, include_in_schema=False)
def screening_page(
    request: Request,
    user: Screener,
    told: Evidence,
    q: Name = "",
    limit: Limit = 10,
    schema: Schema = "any",
) -> HTMLResponse:
    """The search box, with what the officer knows of the party beside its name (birth date,
    nationality, gender, a document number), each compared as the API compares it."""
    result = _shown(request, user, q, limit, schema, told)
    return render(request, "screening.html", user, q=q, schema=schema, told=told, result=result)


@router.get("/api/screening")
def screening_api(
    request: Request,
    user: Screener,
    told: Evidence,
    q: Name = "",
    limit: Limit = 10,
    schema: Schema = "any",
) -> dict[str, Any]:
    """Ranked watchlist entries for a name, each with the explanation of its score. ``schema``
    is the kind of party (person, organisation, vessel or any): a person meets listed people
    and firms named after a person. ``gender`` (male or female), where given, is compared with
    the listed person's: agreement raises the score a little, a conflict lowers it, and the
    explanation's ``evidence_points`` shows by how much; so are ``dob`` (a birth date as lists
    and forms write it: 1968, ~1968, 1960/62, 1347 SH) and ``nationality`` (a country's name or
    code), and ``identifier`` (a passport or tazkira number: one the listed entry holds lifts
    the score). A name with nothing to screen in it, an unknown party type, an unreadable
    gender, birth date, country or number is refused (422, code ``input``)."""
    return _search(request, user, q, limit, read_party(schema), told)


@router.get("/screening/results", response_class=HTMLResponse, include_in_schema=False)
def screening_fragment(
    request: Request,
    user: Screener,
    told: Evidence,
    q: Name = "",
    limit: Limit = 10,
    schema: Schema = "any",
) -> HTMLResponse:
    """The results list alone, for the search box's as-you-type updates."""
    result = _shown(request, user, q, limit, schema, told)
    return render(request, "screening_results.html", user, q=q, result=result)
