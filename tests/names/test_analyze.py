"""Case tables for the names layer: folding, skeletons, titles, particles, romanisation."""

from __future__ import annotations

import pytest

from aidtrace.names import TokenRole, analyse
from aidtrace.names.arabic import arabic_skeleton, fold_arabic
from aidtrace.names.skeleton import latin_skeleton
from aidtrace.names.variants import spellings


@pytest.mark.parametrize(
    ("variant", "folded"),
    [
        ("علي", "علی"),  # Arabic yeh -> Persian yeh
        ("على", "علی"),  # alef maksura
        ("كريم", "کریم"),  # Arabic kaf
        ("فاطمة", "فاطمه"),  # teh marbuta
        ("أحمد", "احمد"),  # hamza on alef
        ("مُحَمَّد", "محمد"),  # harakat and shadda
        ("محـــمد", "محمد"),  # tatweel
        ("پزشک\u200cفر", "پزشکفر"),  # ZWNJ
        ("ګل", "گل"),  # Pashto gaf
        ("ښکلی", "شکلی"),  # Pashto shin
        ("ټول", "تول"),  # Pashto tteh
        ("ډاکټر", "داکتر"),  # Pashto ddal
        ("ړ", "ر"),
        ("ۍ", "ی"),
        ("ې", "ی"),
        ("٢٠٢١", "2021"),
    ],
)
def test_fold_arabic(variant: str, folded: str) -> None:
    assert fold_arabic(variant) == folded


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [
        ("mohammad", "محمد"),
        ("muhammad", "محمد"),
        ("mohammed", "محمد"),
        ("ahmad", "احمد"),
        ("abdulghani", "عبدالغنی"),
        ("baradar", "برادر"),
        ("abdullah", "عبدالله"),
        ("khairullah", "خیرالله"),
        ("hassan", "حسن"),
        ("yousuf", "یوسف"),
        ("fatima", "فاطمه"),
        ("haqqani", "حقانی"),
    ],
)
def test_skeleton_bridges_scripts(latin: str, arabic: str) -> None:
    assert latin_skeleton(latin) == arabic_skeleton(fold_arabic(arabic))


@pytest.mark.parametrize(
    ("name", "titles", "names"),
    [
        ("Mullah Abdul Ghani Baradar", ("mullah",), ("abdulghani", "baradar")),
        ("Maulavi Abdul Kabir", ("maulavi",), ("abdulkabir",)),
        ("Mawlawi Abdul Kabir", ("mawlawi",), ("abdulkabir",)),
        ("Alhaj Qari Din Mohammad", ("alhaj", "qari"), ("din", "mohammad")),
        ("Dr. Engineer Hafiz Rahman", ("dr", "engineer", "hafiz"), ("rahman",)),
        ("Hafiz Ullah", (), ("hafizullah",)),  # a name, not a title
        ("Sheikh", (), ("sheikh",)),  # the only token is the name
        ("ملا محمد حسن آخوند", ("ملا",), ("mohammad", "hassan", "akhund")),
        ("Amir Sayyid Abdullah", ("amir", "sayyid"), ("abdullah",)),  # a title after a title
        ("Abdullah Sayyid Rahman", (), ("abdullah", "sayyid", "rahman")),  # mid-name: a name
    ],
)
def test_titles(name: str, titles: tuple[str, ...], names: tuple[str, ...]) -> None:
    analysed = analyse(name)
    assert analysed.titles == titles
    assert tuple(t.form for t in analysed.scored) == names


@pytest.mark.parametrize(
    ("name", "forms"),
    [
        ("Abd al-Ghani", ("abdulghani",)),
        ("Abdel Rahman", ("abdulrahman",)),
        ("Nasr Ullah", ("nasrullah",)),
        ("Ahmad Zai", ("ahmadzai",)),
        ("Jalal ud Din", ("jalaluddin",)),
        ("Zia ul Haq", ("ziaulhaq",)),
        ("Abu Bakr", ("abubakr",)),
        ("Osama bin Laden", ("osama", "bin", "laden")),
    ],
)
def test_particles_form_compounds(name: str, forms: tuple[str, ...]) -> None:
    assert tuple(t.form for t in analyse(name).scored) == forms


def test_particle_role() -> None:
    roles = {t.form: t.role for t in analyse("Osama bin Laden").tokens}
    assert roles["bin"] is TokenRole.PARTICLE
    assert roles["laden"] is TokenRole.NAME


def test_romanisation_variants() -> None:
    assert spellings("muhammad")[0] == "mohammad"
    assert "mohammed" in spellings(fold_arabic("محمد"))
    assert analyse("عبدالغنی").tokens[0].form == "abdulghani"


@pytest.mark.parametrize(
    ("name", "organisation", "forms"),
    [
        ("SiemensAG", True, ("siemens", "jsc")),  # a legal form written onto the name
        ("Siemens AG", True, ("siemens", "jsc")),
        ("McDonald", True, ("mcdonald",)),  # "Donald" is no legal form
        ("SiemensAG", False, ("siemensag",)),  # only organisations carry legal forms
    ],
)
def test_glued_legal_form(name: str, organisation: bool, forms: tuple[str, ...]) -> None:
    assert tuple(t.form for t in analyse(name, organisation).scored) == forms


@pytest.mark.parametrize(
    ("name", "organisation", "token", "role"),
    [
        ("Xi Jinping", False, "xi", TokenRole.NAME),  # the surname Xi, not eleven
        ("Vi Tran", False, "vi", TokenRole.NAME),  # the given name Vi, not six
        ("Charles III", False, "iii", TokenRole.NUMBER),
        ("Fund XI", True, "xi", TokenRole.NUMBER),  # in an organisation's name, a number
    ],
)
def test_roman_numerals(name: str, organisation: bool, token: str, role: TokenRole) -> None:
    roles = {t.text: t.role for t in analyse(name, organisation).tokens}
    assert roles[token] is role
