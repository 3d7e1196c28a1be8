"""Loading the project's derived reference data: counts, idempotence, updates, atomic errors."""
import shutil

import pytest
from django.core.management import call_command

from portfolio.importing import ImportFailed
from portfolio.models import (
    Arbeidsmarktregio,
    Bedrijfstakgroep,
    Gemeente,
    Instelling,
    Opleiding,
    Provincie,
)
from portfolio.services import REFERENCE_DIR, reference_data_load

pytestmark = pytest.mark.django_db


def _copy(tmp_path):
    target = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, target)
    return target


def _replace_in(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_it_loads_the_full_national_reference_data():
    reference_data_load()
    assert Gemeente.objects.count() == 342
    assert Arbeidsmarktregio.objects.count() == 35
    assert Provincie.objects.count() == 12
    assert Opleiding.objects.count() == 930
    assert Instelling.objects.count() == 57
    assert Bedrijfstakgroep.objects.count() == 9
    amsterdam = Gemeente.objects.get(code="GM0363")
    assert amsterdam.naam == "Amsterdam"
    assert amsterdam.provincie.naam == "Noord-Holland"
    assert amsterdam.arbeidsmarktregio.naam == "Groot Amsterdam"
    assert amsterdam.inwoners > 900_000
    assert amsterdam.svg_path.startswith("M")
    assert sum(Gemeente.objects.values_list("inwoners", flat=True)) == 17_942_942
    assert Opleiding.objects.filter(niveau=1, btg__code="ENT").count() == 22
    assert Instelling.objects.get(brin="25PZ").type == Instelling.Type.ROC


def test_a_second_run_changes_nothing():
    reference_data_load()
    counts = reference_data_load()
    assert all(c["nieuw"] == 0 and c["gewijzigd"] == 0 for c in counts.values())
    assert counts["gemeenten"]["ongewijzigd"] == 342


def test_a_changed_source_row_updates_the_registry_with_a_history_row(tmp_path):
    reference_data_load()
    directory = _copy(tmp_path)
    _replace_in(directory / "opleidingen.csv", "Allround medewerker afvalbeheer",
                "Allround medewerker afval- en grondstoffenbeheer")
    counts = reference_data_load(directory=directory)
    assert counts["opleidingen"] == {"nieuw": 0, "gewijzigd": 1, "ongewijzigd": 929}
    opleiding = Opleiding.objects.get(crebo="25001")
    assert opleiding.naam == "Allround medewerker afval- en grondstoffenbeheer"
    assert opleiding.history.count() == 2


def test_a_bad_file_names_file_row_and_column_and_writes_nothing(tmp_path):
    directory = _copy(tmp_path)
    lines = (directory / "gemeenten.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[5].split(",")
    cells[header.index("lat")] = "noordelijk"
    lines[5] = ",".join(cells)
    (directory / "gemeenten.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as excinfo:
        reference_data_load(directory=directory)
    [error] = excinfo.value.errors
    assert (error.file, error.row, error.column) == ("gemeenten.csv", 6, "lat")
    assert "noordelijk" in error.message
    assert Provincie.objects.count() == 0
    assert Gemeente.objects.count() == 0


def test_an_unknown_reference_is_reported(tmp_path):
    directory = _copy(tmp_path)
    _replace_in(directory / "instellingen.csv", "GM0363", "GM9999")
    with pytest.raises(ImportFailed) as excinfo:
        reference_data_load(directory=directory)
    assert any(e.file == "instellingen.csv" and e.column == "home_gemeente_code"
               for e in excinfo.value.errors)
    assert Instelling.objects.count() == 0


def test_the_command_prints_counts(capsys):
    call_command("load_reference_data")
    out = capsys.readouterr().out
    assert "gemeenten" in out and "342" in out
