"""Vendors of one province with near-identical names: two traders both called after a common
given name (Noor Trading Company, Nur Food Supply Company), owned by different people, with
their own registration numbers and their own invoices.

Vendors named by any plant (listed, overpriced, the concentrating official's, split or repaid
invoices) are left alone, so no vendor is both planted and innocent.
"""

from __future__ import annotations

import random
from dataclasses import replace

from aidtrace.demo.context import Context
from aidtrace.demo.organisations import VENDOR_FORMS, Org
from aidtrace.demo.truth import IdField, Innocent, Pattern
from aidtrace.demo.variants import romanise


def owner(org: Org) -> tuple[str, str, int] | None:
    """The owner's name in a vendor's name (Latin, Perso-Arabic) and the form's index."""
    for i, (form, form_fa) in enumerate(VENDOR_FORMS):
        suffix, prefix_fa = form.replace("{}", ""), form_fa.replace("{}", "")
        if org.name.endswith(suffix) and org.name_fa.startswith(prefix_fa):
            return org.name[: -len(suffix)], org.name_fa[len(prefix_fa) :], i
    return None


def _alike(model: Org, other: Org, rng: random.Random) -> Org | None:
    """``other`` renamed after ``model``'s owner: the same name, or another spelling of it."""
    mine, theirs = owner(model), owner(other)
    if mine is None or theirs is None:
        return None
    name, name_fa, _ = mine
    form, form_fa = VENDOR_FORMS[theirs[2]]
    spelled = romanise(name, rng) if rng.random() < 0.5 else name
    return replace(other, name=form.format(spelled), name_fa=form_fa.format(name_fa))


def name_vendors_alike(ctx: Context) -> None:
    """Rename one vendor after another in a share of the provinces; record each pair. Runs once
    every plant is known (after the flows: invoices split, repaid or overpriced name vendors),
    and before the files that carry vendors' names are written."""
    if ctx.noise.clean:
        return
    rng = ctx.rng("noise-vendors")
    planted = {i for p in ctx.plants for i in p.ids.get(IdField.ORG, ())}
    for province, vendors in sorted(ctx.net.vendors.items()):
        clean = [v for v in vendors if v not in planted]
        if len(clean) < 2 or rng.random() >= ctx.noise.similar_vendors:
            continue
        a, b = rng.sample(clean, 2)
        renamed = _alike(ctx.net.orgs[a], ctx.net.orgs[b], rng)
        if renamed is None:
            continue
        ctx.net.orgs[b] = renamed
        detail = {"province_code": province, "names": [ctx.net.orgs[a].name, renamed.name]}
        ctx.innocent.append(Innocent(Pattern.SIMILAR_VENDORS, {IdField.ORG: (a, b)}, detail))
