"""The aid network: donors fund UN agencies, agencies fund implementing partners, partners fund
local sub-partners, and sub-partners pay vendors (food) and cash agents (hawala dealers).

All names are fictional. Local organisations carry a Dari name beside the English one, as their
registration with the Ministry of Economy does.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from aidtrace.ingest.finance import OrgRole

DONORS = (
    ("Nordhavn Development Cooperation Agency", "XA"),
    ("Celandia Humanitarian Aid Office", "XB"),
    ("Meridian Humanitarian Pooled Fund", "XC"),
    ("Albion Overseas Relief Department", "XD"),
    ("Pacifica Emergency Response Fund", "XE"),
    ("Central Relief Facility", "XF"),
)
AGENCIES = (
    "World Food Relief Agency",
    "Children's Emergency Fund",
    "Returnee Support Office",
    "Global Health Relief Organization",
)
INGOS = (
    "Mercy Bridge International",
    "Hands Across Borders",
    "Relief Partners Alliance",
    "Open Road Humanitarian",
    "Common Ground Aid",
    "Northern Light Relief",
    "Safe Harbour Aid",
    "Clearwater Development",
    "Kindred Relief Network",
    "Field Hospital Trust",
)
LOCAL_WORDS = (
    ("Noor", "نور"),
    ("Omid", "امید"),
    ("Sahar", "سحر"),
    ("Aryana", "آریانا"),
    ("Khorasan", "خراسان"),
    ("Hewad", "هیواد"),
    ("Watan", "وطن"),
    ("Paiwand", "پیوند"),
    ("Rasa", "رسا"),
    ("Bakhtar", "باختر"),
    ("Sapeda", "سپیده"),
    ("Mehr", "مهر"),
    ("Payam", "پیام"),
    ("Roshan", "روشن"),
    ("Salamat", "سلامت"),
    ("Zhwandoon", "ژوندون"),
    ("Kawsar", "کوثر"),
    ("Baran", "باران"),
    ("Setara", "ستاره"),
    ("Ariana", "آریانا"),
)
LOCAL_FORMS = (
    ("{} Relief and Development Organization", "مؤسسه امداد و انکشاف {}"),
    ("{} Social Services Association", "انجمن خدمات اجتماعی {}"),
    ("{} Rural Rehabilitation Agency", "اداره بازسازی دهات {}"),
    ("{} Community Development Organization", "مؤسسه انکشاف جامعه {}"),
)
VENDOR_FORMS = (
    ("{} Trading Company", "شرکت تجارتی {}"),
    ("{} Food Supply Company", "شرکت تهیه مواد غذایی {}"),
    ("{} Brothers Logistics", "شرکت لوژستیکی برادران {}"),
    ("{} General Trading Ltd", "شرکت تجارتی عمومی {}"),
)


# The roles the organisations file takes (``#org+type``): the demo writes what import reads.
Role = OrgRole


@dataclass(frozen=True)
class Org:
    org_id: str
    name: str
    role: Role
    name_fa: str = ""
    parent_org_id: str = ""
    country: str = "AF"
    province_code: str = ""
    registration_no: str = ""
    official_id: str = ""

    def row(self) -> tuple[str, ...]:
        return (
            self.org_id,
            self.name,
            self.name_fa,
            self.role.value,
            self.parent_org_id,
            self.country,
            self.province_code,
            self.registration_no,
            self.official_id,
        )


def acronym(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[0].isupper())


def donors() -> list[Org]:
    return [Org(f"DON-{i + 1:02d}", n, Role.DONOR, country=c) for i, (n, c) in enumerate(DONORS)]


def agencies() -> list[Org]:
    return [
        Org(f"AGY-{i + 1:02d}", f"{n} ({acronym(n)})", Role.UN_AGENCY, country="CH")
        for i, n in enumerate(AGENCIES)
    ]


def partner(rng: random.Random, index: int, agency: Org) -> Org:
    name = INGOS[index % len(INGOS)] + (
        f" {index // len(INGOS) + 1}" if index >= len(INGOS) else ""
    )
    reg = f"MoEc-INGO-{rng.randint(100, 999)}"
    return Org(
        f"PRT-{index + 1:03d}",
        name,
        Role.PARTNER,
        parent_org_id=agency.org_id,
        country=rng.choice(("GB", "NO", "US", "DE", "DK")),
        registration_no=reg,
    )


def sub_partner(rng: random.Random, index: int, parent: Org, province: str) -> Org:
    word, word_fa = LOCAL_WORDS[index % len(LOCAL_WORDS)]
    form, form_fa = LOCAL_FORMS[(index // len(LOCAL_WORDS) + index) % len(LOCAL_FORMS)]
    suffix = f" {index // len(LOCAL_WORDS) + 1}" if index >= len(LOCAL_WORDS) else ""
    return Org(
        f"SUB-{index + 1:03d}",
        form.format(word) + suffix,
        Role.SUB_PARTNER,
        form_fa.format(word_fa),
        parent.org_id,
        "AF",
        province,
        f"MoEc-NGO-{rng.randint(1000, 6999)}",
    )


def vendor(rng: random.Random, index: int, owner: str, owner_fa: str, province: str) -> Org:
    form, form_fa = VENDOR_FORMS[index % len(VENDOR_FORMS)]
    return Org(
        f"VEN-{index + 1:04d}",
        form.format(owner),
        Role.VENDOR,
        form_fa.format(owner_fa),
        "",
        "AF",
        province,
        f"ACCI-{rng.randint(10000, 99999)}",
    )


def cash_agent(rng: random.Random, index: int, owner: str, owner_fa: str, province: str) -> Org:
    return Org(
        f"CAG-{index + 1:03d}",
        f"{owner} Money Exchange",
        Role.CASH_AGENT,
        f"صرافی {owner_fa}",
        "",
        "AF",
        province,
        f"DAB-MSP-{rng.randint(100, 999)}",
    )


def with_official(org: Org, official_id: str) -> Org:
    return replace(org, official_id=official_id)
