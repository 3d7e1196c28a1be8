"""Tests for scripts/derive_reference_data.py: counts, determinism, clear errors, decoding."""

import csv
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "derive_reference_data.py"
COMMITTED = REPO / "data" / "reference"

spec = importlib.util.spec_from_file_location("derive_reference_data", SCRIPT)
derive_mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(derive_mod)

RAW = Path(os.environ.get("MBO_RAW_DATA") or derive_mod.DEFAULT_RAW)
pytestmark = pytest.mark.skipif(not (RAW / derive_mod.GEMEENTEN_RAW).is_file(),
                                reason=f"raw reference data not found in {RAW}")

EXPECTED = {
    "provincies.csv": 12, "arbeidsmarktregios.csv": 35, "gemeenten.csv": 342,
    "bedrijfstakgroepen.csv": 9, "opleidingen.csv": 930, "instellingen.csv": 57,
    "gemeente_shapes.json": 342,
}


@pytest.fixture(scope="module")
def derived(tmp_path_factory):
    out = tmp_path_factory.mktemp("reference")
    counts = derive_mod.derive(RAW, out)
    return out, counts


def read(out: Path, name: str) -> list[dict[str, str]]:
    with (out / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_it_writes_every_file_with_the_expected_row_count(derived):
    out, counts = derived
    assert counts == EXPECTED
    for name, n in EXPECTED.items():
        if name.endswith(".csv"):
            assert len(read(out, name)) == n, name
    assert (out / "SOURCES.md").read_text(encoding="utf-8").count("Bron: CBS, PDOK, SBB, DUO") == 1


def test_two_runs_give_byte_identical_files(derived, tmp_path):
    first, _ = derived
    derive_mod.derive(RAW, tmp_path)
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in tmp_path.iterdir())
    for name in names:
        assert (first / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_the_committed_reference_files_match_a_fresh_run(derived):
    out, _ = derived
    for path in sorted(out.iterdir()):
        committed = COMMITTED / path.name
        assert committed.is_file(), f"{committed} missing: run scripts/derive_reference_data.py"
        assert committed.read_bytes() == path.read_bytes(), f"{path.name} is stale"


def test_every_gemeente_has_a_small_svg_path(derived):
    out, _ = derived
    shapes = json.loads((out / "gemeente_shapes.json").read_text(encoding="utf-8"))
    codes = {g["code"] for g in read(out, "gemeenten.csv")}
    assert set(shapes["paths"]) == codes
    assert shapes["viewBox"].startswith("0 0 1000 ")
    assert all(p.startswith("M") and p.endswith("Z") for p in shapes["paths"].values())
    assert (out / "gemeente_shapes.json").stat().st_size < 250_000


def test_codes_keep_leading_zeros_and_rules_are_applied(derived):
    out, _ = derived
    opleidingen = read(out, "opleidingen.csv")
    assert {o["sectorkamer_code"] for o in opleidingen} == {f"0{i}" for i in range(1, 10)}
    assert {o["leerwegen"] for o in opleidingen} == {"BOL,BBL"}
    assert all(o["btg_code"] == "ENT" for o in opleidingen if o["niveau"] == "1")
    assert all((o["specialistisch"] == "1") == (o["sectorkamer_code"] == "08")
               for o in opleidingen)
    tags = {o["naam"]: set(o["opgaven"].split(";")) - {""} for o in opleidingen}
    assert set().union(*tags.values()) == set(derive_mod.OPGAVEN)
    assert "kinderopvang" in tags["Pedagogisch medewerker kinderopvang"]
    assert "onderwijs" in tags["Onderwijsassistent"]
    assert "zorg" in tags["Mbo-Verpleegkundige"]
    assert "woningbouw" in tags["Timmerman"]
    assert "klimaat_energie" in tags["Airco/warmtepompmonteur"]
    assert "veiligheid" in tags["Beveiliger"]
    assert "digitale_transitie" in tags["Software developer"]
    assert tags["Boomverzorger"] == set()


def test_curated_facts_are_present(derived):
    out, _ = derived
    gemeenten = {g["naam"]: g for g in read(out, "gemeenten.csv")}
    status = [g["krimp_status"] for g in gemeenten.values()]
    assert status.count("krimpregio") == 38
    assert gemeenten["Eemsdelta"]["krimp_status"] == "krimpregio"
    assert gemeenten["Westerkwartier"]["krimp_status"] == "anticipeerregio"
    assert gemeenten["Amsterdam"]["krimp_status"] == ""
    assert all(g["jongeren"] == "" for g in gemeenten.values())
    instellingen = {i["brin"]: i for i in read(out, "instellingen.csv")}
    assert (instellingen["25PZ"]["type"], instellingen["25PZ"]["home_gemeente_code"]) == (
        "ROC", "GM0363")
    assert (instellingen["25GV"]["type"], instellingen["25GV"]["home_gemeente_code"]) == (
        "AOC", "GM0228")
    assert instellingen["09MR"]["denominatie"] == "reformatorisch"
    types = [i["type"] for i in instellingen.values()]
    assert (types.count("ROC"), types.count("AOC"), types.count("VAK")) == (38, 7, 12)
    assert {i["lid"] for i in instellingen.values()} == {"1"}


def bad_copy(tmp_path: Path, name: str, line: int, column: str, value: str) -> Path:
    """Copy the raw folder and overwrite one cell (line 1 is the header)."""
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    with (raw / name).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[line - 1][rows[0].index(column)] = value
    with (raw / name).open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    return raw


def test_a_non_numeric_lat_is_reported_with_file_line_and_column(tmp_path):
    raw = bad_copy(tmp_path, derive_mod.GEMEENTEN_RAW, 7, "lat", "52,1N")
    with pytest.raises(derive_mod.RawDataError) as exc:
        derive_mod.derive(raw, tmp_path / "out")
    message = str(exc.value)
    assert derive_mod.GEMEENTEN_RAW in message
    assert "line 7" in message
    assert "column 'lat'" in message
    assert "'52,1N'" in message
    assert not (tmp_path / "out").exists()  # nothing half-written


def test_a_bad_crebo_level_is_reported(tmp_path):
    raw = bad_copy(tmp_path, derive_mod.CREBO_RAW, 12, "niveau", "5")
    with pytest.raises(derive_mod.RawDataError, match=r"line 12, column 'niveau'"):
        derive_mod.derive(raw, tmp_path / "out")


def test_the_cli_reads_the_raw_folder_from_the_environment_and_fails_clearly(tmp_path):
    raw = bad_copy(tmp_path, derive_mod.GEMEENTEN_RAW, 3, "inwoners_2024", "veel")
    env = {**os.environ, "MBO_RAW_DATA": str(raw)}
    proc = subprocess.run([sys.executable, str(SCRIPT), "--out", str(tmp_path / "out")],
                          env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 1
    assert "line 3, column 'inwoners_2024'" in proc.stderr
    proc = subprocess.run([sys.executable, str(SCRIPT), "--raw", str(RAW),
                           "--out", str(tmp_path / "out")],
                          env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "gemeenten.csv: 342" in proc.stdout


def test_topojson_arcs_are_delta_decoded_and_reversed_for_negative_indices():
    topo = {"transform": {"scale": [0.5, 0.5], "translate": [4.0, 51.0]},
            "arcs": [[[0, 0], [1, 0], [0, 1]], [[0, 0], [0, 1], [1, 0]]]}
    arcs = derive_mod.decode_arcs(topo)
    ring = derive_mod.ring_points(arcs, [0, ~1])
    project = derive_mod.project
    assert ring == [project(4.0, 51.0), project(4.5, 51.0), project(4.5, 51.5),
                    project(4.0, 51.5)]
    assert project(4.0, 51.5)[1] < project(4.0, 51.0)[1]  # north is up
