"""Afghanistan's 34 provinces with their OCHA P-codes (common operational dataset, AGCHO order),
the spellings published files use for them, and the districts the published files name.

Canonical names are OCHA's (Hilmand, Hirat, Paktya, Sar-e-Pul, Daykundi, Uruzgan, Panjsher);
the variants are those found in FTS, HPC and IPC publications and common transliterations.
"""

from __future__ import annotations

# P-code, OCHA name, other spellings
PROVINCES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("AF01", "Kabul", ()),
    ("AF02", "Kapisa", ()),
    ("AF03", "Parwan", ("Parvan",)),
    ("AF04", "Wardak", ("Maidan Wardak", "Maydan Wardak", "Wardag")),
    ("AF05", "Logar", ()),
    ("AF06", "Nangarhar", ("Ningarhar", "Nangrahar")),
    ("AF07", "Laghman", ()),
    ("AF08", "Panjsher", ("Panjshir", "Panjsheer")),
    ("AF09", "Baghlan", ()),
    ("AF10", "Bamyan", ("Bamiyan", "Bamian")),
    ("AF11", "Ghazni", ()),
    ("AF12", "Paktika", ()),
    ("AF13", "Paktya", ("Paktia",)),
    ("AF14", "Khost", ("Khowst",)),
    ("AF15", "Kunar", ("Konar",)),
    ("AF16", "Nuristan", ("Nooristan",)),
    ("AF17", "Badakhshan", ()),
    ("AF18", "Takhar", ()),
    ("AF19", "Kunduz", ("Kundoz", "Konduz")),
    ("AF20", "Samangan", ()),
    ("AF21", "Balkh", ()),
    ("AF22", "Sar-e-Pul", ("Sari pul", "Sar-i-Pul", "Sar-e Pul", "Saripul", "Sar e Pul")),
    ("AF23", "Ghor", ("Ghowr",)),
    ("AF24", "Daykundi", ("Dai Kundi", "Daikundi", "Daykundy")),
    ("AF25", "Uruzgan", ("Urozgan", "Oruzgan", "Uruzghan")),
    ("AF26", "Zabul", ()),
    ("AF27", "Kandahar", ("Qandahar",)),
    ("AF28", "Jawzjan", ("Jowzjan",)),
    ("AF29", "Faryab", ()),
    ("AF30", "Hilmand", ("Helmand",)),
    ("AF31", "Badghis", ()),
    ("AF32", "Hirat", ("Herat",)),
    ("AF33", "Farah", ()),
    ("AF34", "Nimroz", ("Nimruz",)),
)

# Districts (Admin 2) named with their P-code in the published files: P-code, name.
DISTRICTS: tuple[tuple[str, str], ...] = (("AF0101", "Kabul"),)

COUNTRY = ("AFG", "Afghanistan")
