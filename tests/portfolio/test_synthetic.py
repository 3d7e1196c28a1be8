"""Tests for portfolio/synthetic.py: determinism, national scale and shape, referential sanity."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from portfolio.synthetic import NIVEAU_SHARE, SMALL_ROCS, _km, generate_portfolio, summary

REFERENCE = Path(__file__).resolve().parents[2] / "data" / "reference"


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(REFERENCE / name, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def ref():
    return {"gemeenten": read("gemeenten.csv"), "instellingen": read("instellingen.csv"),
            "opleidingen": read("opleidingen.csv")}


@pytest.fixture(scope="module")
def result(ref):
    return generate_portfolio(ref["gemeenten"], ref["instellingen"], ref["opleidingen"])


@pytest.fixture(scope="module")
def aanbod(result, ref):
    """Offerings with their location's gemeente and the institution/programme attributes."""
    return (result["aanbod"]
            .merge(result["locaties"][["key", "gemeente_code", "lat", "lon"]],
                   left_on="locatie_key", right_on="key")
            .merge(ref["instellingen"][["brin", "type", "home_gemeente_code"]], on="brin")
            .merge(ref["opleidingen"][["crebo", "niveau", "btg_code"]], on="crebo"))


def test_the_same_seed_gives_identical_frames_and_another_seed_does_not(ref, result):
    again = generate_portfolio(ref["gemeenten"], ref["instellingen"], ref["opleidingen"])
    for name in ("locaties", "aanbod", "inschrijvingen"):
        assert_frame_equal(result[name], again[name])
    other = generate_portfolio(ref["gemeenten"], ref["instellingen"], ref["opleidingen"],
                               seed=7)
    assert not result["aanbod"].equals(other["aanbod"])


def test_it_has_national_scale(result, ref):
    s = summary(result, ref["opleidingen"])
    assert 8_000 <= s["aanbod"] <= 12_000
    assert s["jaar"] == 2025
    assert 450_000 <= s["studenten"] <= 550_000
    assert set(s["studenten_per_jaar"]) == set(range(2020, 2026))
    assert all(450_000 <= n <= 560_000 for n in s["studenten_per_jaar"].values())
    assert s["studenten"] == result["inschrijvingen"].query("jaar == 2025")["studenten"].sum()


def test_shares_by_niveau_and_leerweg_are_close_to_the_national_ones(result, ref):
    s = summary(result, ref["opleidingen"])
    for niveau, share in NIVEAU_SHARE.items():
        assert s["aandeel_niveau"][niveau] == pytest.approx(share, abs=0.02)
    assert 0.20 <= s["aandeel_leerweg"]["BBL"] <= 0.27
    assert s["aandeel_leerweg"]["BOL"] + s["aandeel_leerweg"]["BBL"] == pytest.approx(1.0)


def test_every_code_refers_to_an_existing_row(result, ref):
    a, loc, ins = result["aanbod"], result["locaties"], result["inschrijvingen"]
    assert set(a["brin"]) <= set(ref["instellingen"]["brin"])
    assert set(a["crebo"]) <= set(ref["opleidingen"]["crebo"])
    assert set(loc["gemeente_code"]) <= set(ref["gemeenten"]["code"])
    assert loc["key"].is_unique
    owner = a["locatie_key"].map(loc.set_index("key")["brin"])
    assert owner.notna().all() and (owner == a["brin"]).all()  # a school teaches at its own site
    key = ["brin", "crebo", "locatie_key", "leerweg"]
    assert not a.duplicated(key).any()
    assert not ins.duplicated([*key, "jaar"]).any()
    joined = ins.merge(a[key], on=key, how="left", indicator=True)
    assert (joined["_merge"] == "both").all()


def test_locations_have_no_invented_addresses_and_lie_near_their_gemeente(result, ref):
    loc = result["locaties"].merge(ref["gemeenten"][["code", "lat", "lon"]],
                                   left_on="gemeente_code", right_on="code", suffixes=("", "_gm"))
    assert (loc["adres"] == "").all() and (loc["postcode"] == "").all()
    assert (loc["lat"] - loc["lat_gm"].astype(float)).abs().max() < 0.06
    assert (loc["lon"] - loc["lon_gm"].astype(float)).abs().max() < 0.09
    assert loc["naam"].str.contains(" – locatie ").all()


def test_rocs_are_broad_and_regional(aanbod, ref, result):
    gm = ref["gemeenten"].set_index("code")
    regio = gm["arbeidsmarktregio_code"]
    roc = aanbod[aanbod["type"] == "ROC"]
    for brin, rows in roc.groupby("brin"):
        assert rows["btg_code"].nunique() >= 7, brin
        if brin in SMALL_ROCS:
            continue  # denominational ROCs recruit nationally from a few seats
        locs = result["locaties"][result["locaties"]["brin"] == brin]
        home = rows["home_gemeente_code"].iat[0]
        km = _km(float(gm.at[home, "lat"]), float(gm.at[home, "lon"]),
                 locs["lat"], locs["lon"])
        near = (locs["gemeente_code"].map(regio) == regio[home]).to_numpy() | (km < 35)
        assert near.all(), brin


def test_aocs_are_green(aanbod):
    for brin, rows in aanbod[aanbod["type"] == "AOC"].groupby("brin"):
        assert (rows["btg_code"] == "VGG").mean() >= 0.8, brin
        assert set(rows["btg_code"]) <= {"VGG", "ENT"}, brin


def test_vakinstellingen_are_specialist_with_few_locations(aanbod):
    vak = aanbod[aanbod["type"] == "VAK"]
    assert vak["brin"].nunique() == 12
    for brin, rows in vak.groupby("brin"):
        assert rows["locatie_key"].nunique() <= 3, brin
        assert rows["btg_code"].value_counts(normalize=True).iloc[0] >= 0.6, brin
    broad = aanbod[aanbod["type"] == "ROC"].groupby("brin")["crebo"].nunique()
    assert vak.groupby("brin")["crebo"].nunique().max() < broad.median() / 2


def test_specialist_programmes_have_few_locations(aanbod, ref):
    specialist = set(ref["opleidingen"].query("specialistisch == '1'")["crebo"])
    live = aanbod[aanbod["status"] == "actief"]
    per_crebo = live[live["crebo"].isin(specialist)].groupby("crebo")["locatie_key"].nunique()
    assert len(per_crebo) > 20
    assert per_crebo.max() <= 4


def test_overlaps_exist_and_some_carry_a_justification(aanbod):
    live = aanbod[aanbod["status"].isin(["actief", "gepland"])]
    schools = live.groupby(["crebo", "gemeente_code"])["brin"].nunique()
    overlapping = schools[schools >= 2]
    assert len(overlapping) >= 100
    in_overlap = aanbod.set_index(["crebo", "gemeente_code"]).index.isin(overlapping.index)
    justified = aanbod[(aanbod["profiel"] != "") | (aanbod["capaciteit_onderbouwing"] != "")]
    assert len(justified) >= 20
    assert in_overlap[justified.index].all()  # justifications explain an overlap
    assert justified["profiel"].str.contains("identiteit").any()
    assert justified["capaciteit_onderbouwing"].str.contains("wachtlijst").any()


def test_white_spots_exist_for_programmes_that_are_offered_widely(aanbod, ref):
    gm = ref["gemeenten"]
    lat, lon = gm["lat"].astype(float).to_numpy(), gm["lon"].astype(float).to_numpy()
    live = aanbod[aanbod["status"] == "actief"]
    per_crebo = live.groupby("crebo")["locatie_key"].nunique()
    far = {}  # crebo: share of gemeenten more than 40 km from the nearest site
    for crebo in per_crebo[per_crebo >= 15].index:
        sites = live.loc[live["crebo"] == crebo, ["lat", "lon"]].drop_duplicates().to_numpy()
        nearest = _km(lat[:, None], lon[:, None], sites[None, :, 0], sites[None, :, 1]).min(1)
        far[crebo] = (nearest > 40).mean()
    far = pd.Series(far)
    assert len(far) >= 50
    assert (far > 0).all()  # the Wadden islands have no mbo location at all
    assert (far > 0.05).sum() >= 10  # some programmes leave whole regions uncovered
    assert far[per_crebo[per_crebo >= 60].index].max() < 0.05  # the big ones cover the map


def test_statuses_and_years_tell_one_story(result):
    a, ins = result["aanbod"], result["inschrijvingen"]
    key = ["brin", "crebo", "locatie_key", "leerweg"]
    status = ins.merge(a[[*key, "status"]], on=key)
    assert set(a["status"]) == {"actief", "in_afbouw", "gepland", "gestopt"}
    assert (a["status"] == "actief").mean() > 0.75
    assert (a.loc[a["status"] == "gepland", "startjaar"] > 2025).all()
    assert "gepland" not in set(status["status"])
    assert not ((status["status"] == "gestopt") & (status["jaar"] == 2025)).any()
    afbouw = status[status["status"] == "in_afbouw"].groupby("jaar")["studenten"].sum()
    assert afbouw[2025] < 0.7 * afbouw[2023]
    assert (ins["studenten"] > 0).all()
    cap = a["capaciteit"]
    assert str(cap.dtype) == "Int64" and 0 < cap.notna().mean() < 0.6
    assert (cap.dropna() > 0).all()


def test_krimp_regions_shrink_faster_than_the_rest(result, ref):
    gm = ref["gemeenten"].set_index("code")["krimp_status"]
    ins = result["inschrijvingen"].merge(result["locaties"][["key", "gemeente_code"]],
                                         left_on="locatie_key", right_on="key")
    per_year = ins.groupby([ins["gemeente_code"].map(gm), "jaar"])["studenten"].sum()
    growth = {status: per_year[status][2025] / per_year[status][2020]
              for status in ("krimpregio", "anticipeerregio", "")}
    assert growth["krimpregio"] < growth["anticipeerregio"] < growth[""]
    assert growth["krimpregio"] < 0.95


def test_it_accepts_frames_with_numeric_columns_too(ref):
    gemeenten = ref["gemeenten"].assign(lat=lambda d: d["lat"].astype(float),
                                        inwoners=lambda d: d["inwoners"].astype(np.int64))
    out = generate_portfolio(gemeenten, ref["instellingen"], ref["opleidingen"],
                             years=(2024, 2025))
    assert set(out["inschrijvingen"]["jaar"]) == {2024, 2025}
