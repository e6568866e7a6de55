"""Import profiles saved in the workspace and the import command's partner-file options."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from aidtrace.cli import app
from aidtrace.errors import InputError, NotFound
from aidtrace.ingest.dates import DateOrder
from aidtrace.ingest.profiles import (
    Profile,
    list_profiles,
    load_profile,
    parse_date_formats,
    remove_profile,
    save_profile,
)
from aidtrace.workspace import Workspace

from .test_contracts import LIST

runner = CliRunner()


def test_a_profile_is_saved_and_read_back(workspace: Workspace) -> None:
    profile = Profile(
        "afghan-aid",
        "contracts",
        {"cost": "مبلغ قرارداد"},
        {"currency": "AFN"},
        {"signed_on": DateOrder.MDY},
    )
    save_profile(workspace, profile)
    assert load_profile(workspace, "afghan-aid") == profile
    assert [p.name for p in list_profiles(workspace)] == ["afghan-aid"]
    remove_profile(workspace, "afghan-aid")
    with pytest.raises(NotFound, match="no import profile named 'afghan-aid'"):
        load_profile(workspace, "afghan-aid")


@pytest.mark.parametrize("name", ["../escape", "", "a b", ".hidden"])
def test_profile_names_stay_inside_the_workspace(workspace: Workspace, name: str) -> None:
    with pytest.raises(InputError, match="profile name"):
        save_profile(workspace, Profile(name, "contracts"))


def test_command_line_options_override_the_saved_ones() -> None:
    saved = Profile("p", "ledger", {"amount": "Amt"}, {"currency": "AFN"}, {"*": DateOrder.DMY})
    given = Profile(kind="ledger", fixed={"currency": "USD"})
    merged = given.over(saved)
    assert (merged.name, merged.mapping, merged.fixed) == (
        "p",
        {"amount": "Amt"},
        {"currency": "USD"},
    )
    assert merged.date_order("date") is DateOrder.DMY


def test_date_formats_parse() -> None:
    assert parse_date_formats(["dmy", "signed_on=MDY"]) == {
        "*": DateOrder.DMY,
        "signed_on": DateOrder.MDY,
    }
    with pytest.raises(InputError, match="must be one of DMY, MDY, YMD"):
        parse_date_formats(["DDMMYY"])


def invoke(ws: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["-w", str(ws), *args])
    return result.exit_code, result.stdout + result.stderr


def test_the_import_command_with_a_profile_and_check(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    path = tmp_path / "contracts [final].csv"
    path.write_text(LIST.replace('"980,500"', "12x"), encoding="utf-8")
    assert invoke(ws, "init")[0] == 0
    code, out = invoke(
        ws, "profiles", "add", "afghan-aid", "--kind", "contracts", "--set", "currency=AFN"
    )
    assert code == 0
    code, out = invoke(ws, "import", "contracts", str(path), "--profile", "afghan-aid", "--check")
    assert code == 2
    assert f"{path}, line 3: column 'Contract Amount' (#value): '12x' is not a number" in out
    assert "1 problem found; nothing was imported" in out
    path.write_text(LIST, encoding="utf-8")
    code, out = invoke(ws, "import", "contracts", str(path), "--profile", "afghan-aid", "--check")
    assert (code, "3 records would be imported" in out) == (0, True)
    code, out = invoke(ws, "import", "contracts", str(path), "--profile", "afghan-aid")
    assert code == 0
    assert "3 records" in out
    code, out = invoke(ws, "import", "ledger", str(path), "--profile", "afghan-aid")
    assert code == 2
    assert "profile 'afghan-aid' is for contracts files, not ledger" in out


@pytest.mark.parametrize(
    ("profile", "message"),
    [
        (Profile("p", "contracts", mapping={"costs": "Value"}), "have no field costs"),
        (Profile("p", "contracts", fixed={"curency": "AFN"}), "have no field curency"),
        (
            Profile("p", "contracts", date_formats={"cost": DateOrder.DMY}),
            "have no date field cost",
        ),
    ],
)
def test_a_profile_naming_a_field_its_files_lack_is_refused_when_saved(
    workspace: Workspace, profile: Profile, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        save_profile(workspace, profile)
    assert list_profiles(workspace) == []


def test_a_profile_may_name_places_by_name(workspace: Workspace) -> None:
    profile = Profile("p", "contracts", mapping={"province": "Wilayat", "district": "Woluswali"})
    save_profile(workspace, profile)
    assert load_profile(workspace, "p") == profile
