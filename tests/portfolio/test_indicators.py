"""Indicator engine on a hand-built portfolio whose every answer was worked out by hand.

Geography (a hand-made travel matrix, the replaceable input of the engine), minutes:

            L10  L20  L21  L30      gemeente (inwoners, jongeren, region, krimp)
    GM0001    5   25   25   70      1000, 100, AM01, no
    GM0002   25    5    5   50      2000, 200, AM01, no
    GM0003   40   35   35   40      3000, NaN, AM02, yes   (demand 0.1 x 3000 = 300)
    GM0004   70   50   50    5      4000, NaN, AM02, yes   (demand 400)

Locations: L10 in GM0001, L20 and L21 in GM0002, L30 in GM0004. Thresholds: niveau 2 =
30 minutes, niveau 4 = 60. Offerings (id: institution, crebo, leerweg, location, students):
1: 1 25001 BOL L10 20 | 2: 2 25001 BOL L20 10 (cap 30, 2024) | 3: 2 25001 BBL L20 5 |
4: 3 25001 BOL L30 8 | 9: 3 25001 BOL L21 6 | 5: 3 25002 BOL L30 40 (cap 50) |
6: 2 25002 BOL L20 16 (2024) | 7: 1 25003 BOL L10 12 (onderbouwd, 2023) | 8: 2 25003 BOL L20 14.
No database: plain DataFrames in, DataFrames out.
"""

import json
import math

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from portfolio.indicators import (
    ChangeError,
    IndicatorParams,
    compute_all,
    haversine_km,
    locaties_from_aanbod,
    to_records,
    travel_from_long,
    travel_minutes,
    what_if,
)

NAN = float("nan")
LOCATIONS = {10: "GM0001", 20: "GM0002", 21: "GM0002", 30: "GM0004"}
MINUTES = {
    "GM0001": [5, 25, 25, 70],
    "GM0002": [25, 5, 5, 50],
    "GM0003": [40, 35, 35, 40],
    "GM0004": [70, 50, 50, 5],
}


def gemeenten() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["GM0001", "GM0002", "GM0003", "GM0004"],
            "lat": [52.0, 52.1, 52.2, 52.3],
            "lon": [5.0, 5.1, 5.2, 5.3],
            "inwoners": [1000, 2000, 3000, 4000],
            "jongeren": [100.0, 200.0, NAN, NAN],
            "arbeidsmarktregio_code": ["AM01", "AM01", "AM02", "AM02"],
            "provincie_code": ["PV01", "PV01", "PV02", "PV02"],
            "krimp": [False, False, True, True],
        }
    )


def aanbod() -> pd.DataFrame:
    rows = [
        # id, inst, crebo, niveau, btg, leerweg, loc, studenten, capaciteit, onderbouwd, start
        (1, 1, "25001", 2, "TGO", "BOL", 10, 20, NAN, False, 2010),
        (2, 2, "25001", 2, "TGO", "BOL", 20, 10, 30.0, False, 2024),
        (3, 2, "25001", 2, "TGO", "BBL", 20, 5, NAN, False, 2015),
        (4, 3, "25001", 2, "TGO", "BOL", 30, 8, NAN, False, 2001),
        (5, 3, "25002", 4, "ZWS", "BOL", 30, 40, 50.0, False, 2000),
        (6, 2, "25002", 4, "ZWS", "BOL", 20, 16, NAN, False, 2024),
        (7, 1, "25003", 4, "TGO", "BOL", 10, 12, NAN, True, 2023),
        (8, 2, "25003", 4, "TGO", "BOL", 20, 14, NAN, False, 2012),
        (9, 3, "25001", 2, "TGO", "BOL", 21, 6, NAN, False, 2019),
    ]
    df = pd.DataFrame(
        rows,
        columns=["id", "instelling_id", "crebo", "niveau", "btg_code", "leerweg", "locatie_id",
                 "studenten", "capaciteit", "onderbouwd", "startjaar"],
    )
    df["gemeente_code"] = df["locatie_id"].map(LOCATIONS)
    df["lat"] = 52.0 + df["locatie_id"] / 100.0
    df["lon"] = 5.0 + df["locatie_id"] / 100.0
    return df


def opleidingen() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "crebo": ["25001", "25002", "25003", "25004", "25005"],
            "niveau": [2, 4, 4, 3, 2],
            "btg_code": ["TGO", "ZWS", "TGO", "TGO", "HM"],
            "naam": ["Allround A", "Zorg B", "Techniek C", "Niet aangeboden", "Handel E"],
        }
    )


def inschrijvingen() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "aanbod_id": [1, 1, 1, 5, 5, 99],
            "jaar": [2023, 2024, 2025, 2023, 2025, 2025],
            "studenten": [18, 19, 20, 30, 40, 7],
        }
    )


def travel() -> pd.DataFrame:
    return pd.DataFrame(MINUTES, index=[10, 20, 21, 30], dtype=float).T


PARAMS = IndicatorParams(specialist_max_locations=2, current_year=2025)


@pytest.fixture(scope="module")
def result():
    return compute_all(gemeenten(), aanbod(), opleidingen(), inschrijvingen(), PARAMS,
                       travel=travel())


def expect(df: pd.DataFrame, rows: list[tuple], columns: list[str]) -> None:
    expected = pd.DataFrame(rows, columns=columns)
    actual = df[columns]
    categorical = [c for c in columns if isinstance(actual[c].dtype, pd.CategoricalDtype)]
    actual = actual.astype(dict.fromkeys(categorical, "str"))
    assert_frame_equal(actual, expected, check_dtype=False, rtol=1e-9, atol=1e-9)


# --- parameters and travel ---------------------------------------------------------------


def test_params_round_trip_through_json():
    params = IndicatorParams(threshold_minutes={1: 20, 2: 25, 3: 40, 4: 50}, current_year=2024)
    data = json.loads(json.dumps(params.to_dict()))
    assert data["threshold_minutes"] == {"1": 20.0, "2": 25.0, "3": 40.0, "4": 50.0}
    assert IndicatorParams.from_dict(data) == params
    assert params.threshold_for(3) == 40.0
    assert params.first_recent_year == 2022


def test_params_defaults_match_the_spec():
    params = IndicatorParams()
    assert (params.detour_factor, params.speed_kmh) == (1.3, 40.0)
    assert params.threshold_minutes == {1: 30.0, 2: 30.0, 3: 45.0, 4: 60.0}
    assert (params.low_enrolment_threshold, params.specialist_max_locations,
            params.recent_start_years) == (15, 5, 3)


@pytest.mark.parametrize(
    "bad",
    [{"threshold_minutes": {1: 30, 2: 30, 3: 45}}, {"threshold_minutes": {1: 30, 2: 30, 3: 45,
                                                                           4: -1}},
     {"speed_kmh": 0}, {"detour_factor": 0.5}, {"specialist_max_locations": 0}],
)
def test_params_reject_nonsense(bad):
    with pytest.raises(ValueError):
        IndicatorParams(**bad)


def test_params_from_dict_rejects_unknown_keys():
    with pytest.raises(ValueError, match="onbekende"):
        IndicatorParams.from_dict({"speed": 50})


def test_haversine_one_degree_of_latitude():
    # One degree along a meridian is 2 pi R / 360 = 111.195 km.
    assert haversine_km(52.0, 5.0, 53.0, 5.0) == pytest.approx(111.19508, rel=1e-6)


def test_travel_minutes_is_distance_times_detour_over_speed():
    gem = pd.DataFrame({"code": ["GM0001"], "lat": [52.0], "lon": [5.0]})
    loc = pd.DataFrame({"locatie_id": [7], "lat": [53.0], "lon": [5.0]})
    matrix = travel_minutes(gem, loc, IndicatorParams(detour_factor=1.5, speed_kmh=50))
    assert matrix.index.tolist() == ["GM0001"] and matrix.columns.tolist() == [7]
    assert matrix.iloc[0, 0] == pytest.approx(111.19508 * 1.5 / 50 * 60, rel=1e-6)


def test_travel_from_long_builds_the_same_wide_matrix():
    long = travel().stack().rename("minutes").reset_index()
    long.columns = ["gemeente_code", "locatie_id", "minutes"]
    assert_frame_equal(travel_from_long(long), travel(), check_names=False)


def test_locaties_from_aanbod_gives_one_row_per_location():
    locs = locaties_from_aanbod(aanbod())
    assert locs["locatie_id"].tolist() == [10, 20, 21, 30]
    assert locs["gemeente_code"].tolist() == ["GM0001", "GM0002", "GM0002", "GM0004"]


def test_default_travel_model_is_used_without_a_matrix():
    res = compute_all(gemeenten(), aanbod(), opleidingen(), inschrijvingen(), PARAMS)
    # GM0001 (52.0, 5.0) to L10 (52.10, 5.10): haversine x 1.3 / 40 x 60.
    km = haversine_km(52.0, 5.0, 52.1, 5.1)
    row = res.coverage_by_gemeente_programme.query("gemeente_code == 'GM0001' and crebo == "
                                                   "'25003'")
    assert row["minutes_nearest"].item() == pytest.approx(km * 1.3 / 40 * 60)


# --- coverage ----------------------------------------------------------------------------


def test_coverage_by_gemeente_programme(result):
    expect(
        result.coverage_by_gemeente_programme,
        [
            ("GM0001", "AM01", "25001", 2, "TGO", True, 5.0, 3, 61000 / 300),
            ("GM0001", "AM01", "25002", 4, "ZWS", True, 25.0, 1, 16.0),
            ("GM0001", "AM01", "25003", 4, "TGO", True, 5.0, 2, 34.0),
            ("GM0002", "AM01", "25001", 2, "TGO", True, 5.0, 3, 61000 / 300),
            ("GM0002", "AM01", "25002", 4, "ZWS", True, 5.0, 2, 16 + 50000 / 900),
            ("GM0002", "AM01", "25003", 4, "TGO", True, 5.0, 2, 34.0),
            ("GM0003", "AM02", "25001", 2, "TGO", False, 35.0, 0, 0.0),
            ("GM0003", "AM02", "25002", 4, "ZWS", True, 35.0, 2, 16 + 50000 / 900),
            ("GM0003", "AM02", "25003", 4, "TGO", True, 35.0, 2, 34.0),
            ("GM0004", "AM02", "25001", 2, "TGO", True, 5.0, 1, 20.0),
            ("GM0004", "AM02", "25002", 4, "ZWS", True, 5.0, 2, 16 + 50000 / 900),
            ("GM0004", "AM02", "25003", 4, "TGO", True, 50.0, 1, 14.0),
        ],
        ["gemeente_code", "arbeidsmarktregio_code", "crebo", "niveau", "btg_code", "reachable",
         "minutes_nearest", "providers_reachable", "accessibility"],
    )


def test_coverage_by_programme(result):
    expect(
        result.coverage_by_programme,
        [
            ("25001", "Allround A", 2, "TGO", 5, 4, 3, 49, 30.0, 3, 7000, 0.7, 3000, 14.0),
            ("25002", "Zorg B", 4, "ZWS", 2, 2, 2, 56, 60.0, 4, 10000, 1.0, 0, 16.0),
            ("25003", "Techniek C", 4, "TGO", 2, 2, 2, 26, 60.0, 4, 10000, 1.0, 0, 32.0),
        ],
        ["crebo", "naam", "niveau", "btg_code", "offerings", "locations", "providers",
         "studenten", "threshold_minutes", "gemeenten_reachable", "population_reachable",
         "population_share", "white_spot_population", "mean_minutes_nearest"],
    )


def test_coverage_by_btg_niveau(result):
    expect(
        result.coverage_by_btg_niveau,
        [
            ("TGO", 2, 1, 3, 7000, 0.7, 0.7, 1, 3000, 14.0),
            ("TGO", 4, 1, 4, 10000, 1.0, 1.0, 0, 0, 32.0),
            ("ZWS", 4, 1, 4, 10000, 1.0, 1.0, 0, 0, 16.0),
        ],
        ["btg_code", "niveau", "programmes", "gemeenten_reachable", "population_reachable",
         "population_share", "mean_programme_share", "white_spot_gemeenten",
         "white_spot_population", "mean_minutes_nearest"],
    )


def test_coverage_by_region(result):
    expect(
        result.coverage_by_region,
        [
            ("AM01", 2, 3000, 0, 1.0, 3.0, 3, 3, 0, 0, 0),
            ("AM02", 2, 7000, 2, 18000 / 21000, 18000 / 7000, 2, 3, 1, 3000, 1),
        ],
        ["arbeidsmarktregio_code", "gemeenten", "inwoners", "krimp_gemeenten", "coverage_share",
         "mean_programmes_reachable", "programmes_reachable_everywhere",
         "programmes_reachable_somewhere", "white_spot_pairs", "white_spot_population",
         "btg_niveau_white_spots"],
    )


def test_coverage_national(result):
    df = result.coverage_national
    assert df["niveau"].tolist()[:4] == [1, 2, 3, 4] and df["niveau"].isna().tolist()[4]
    expect(
        df,
        [
            (0, 0.0, 0.0, 0, 0, 0, 0),
            (1, 0.7, 0.7, 7000, 3000, 1, 1),
            (0, 0.0, 0.0, 0, 0, 0, 0),
            (2, 1.0, 1.0, 20000, 0, 0, 0),
            (3, 0.9, 0.9, 27000, 3000, 1, 1),
        ],
        ["programmes", "coverage_share", "mean_programme_share", "covered_population_sum",
         "white_spot_population_sum", "white_spot_pairs", "btg_niveau_white_spots"],
    )


def test_white_spots(result):
    expect(
        result.white_spots,
        [("GM0003", "AM02", "TGO", 2, 3000, 35.0, 30.0)],
        ["gemeente_code", "arbeidsmarktregio_code", "btg_code", "niveau", "inwoners",
         "minutes_nearest", "threshold_minutes"],
    )


def test_accessibility_2sfca(result):
    zws = 16 + 50000 / 900
    expect(
        result.accessibility_2sfca,
        [
            ("GM0001", "TGO", 2, 61000 / 300), ("GM0001", "TGO", 4, 34.0),
            ("GM0001", "ZWS", 4, 16.0),
            ("GM0002", "TGO", 2, 61000 / 300), ("GM0002", "TGO", 4, 34.0),
            ("GM0002", "ZWS", 4, zws),
            ("GM0003", "TGO", 2, 0.0), ("GM0003", "TGO", 4, 34.0), ("GM0003", "ZWS", 4, zws),
            ("GM0004", "TGO", 2, 20.0), ("GM0004", "TGO", 4, 14.0), ("GM0004", "ZWS", 4, zws),
        ],
        ["gemeente_code", "btg_code", "niveau", "accessibility"],
    )


def test_youth_demand_is_used_when_known():
    # Everyone's youth known: only GM0001 young people in L10's catchment changes the score.
    g = gemeenten().assign(jongeren=[100.0, 200.0, 300.0, 0.0])
    res = compute_all(g, aanbod(), opleidingen(), inschrijvingen(), PARAMS, travel=travel())
    row = res.coverage_by_gemeente_programme.query("gemeente_code == 'GM0004' and crebo == "
                                                   "'25001'")
    # L30 (niveau 2) reaches only GM0004, whose youth is now 0: no demand, score 0.
    assert row["accessibility"].item() == 0.0


# --- overlap -----------------------------------------------------------------------------


def test_overlap_pairs(result):
    expect(
        result.overlap_pairs,
        [
            (1, 2, "25001", "BOL", 1, 2, "GM0001", "GM0002", False, True, True, 25.0, False),
            (1, 9, "25001", "BOL", 1, 3, "GM0001", "GM0002", False, True, True, 25.0, False),
            (2, 9, "25001", "BOL", 2, 3, "GM0002", "GM0002", True, True, True, 5.0, False),
            (5, 6, "25002", "BOL", 3, 2, "GM0004", "GM0002", False, False, True, 50.0, False),
            (7, 8, "25003", "BOL", 1, 2, "GM0001", "GM0002", False, True, True, 25.0, True),
        ],
        ["aanbod_id_a", "aanbod_id_b", "crebo", "leerweg", "instelling_id_a",
         "instelling_id_b", "gemeente_code_a", "gemeente_code_b", "same_gemeente",
         "same_region", "within_threshold", "minutes_between", "justified"],
    )
    assert (result.overlap_pairs["flagged"] == ~result.overlap_pairs["justified"]).all()


def test_overlap_scores(result):
    cols = ["offerings", "offerings_overlapping", "overlap_score", "pairs", "pairs_flagged",
            "pairs_flagged_same_gemeente"]
    expect(result.overlap_scores_region,
           [("AM01", 7, 4, 4 / 7, 5, 4, 1), ("AM02", 2, 1, 0.5, 1, 1, 0)],
           ["arbeidsmarktregio_code"] + cols)
    expect(result.overlap_scores_btg,
           [("TGO", 7, 3, 3 / 7, 4, 3, 1), ("ZWS", 2, 2, 1.0, 1, 1, 0)], ["btg_code"] + cols)


# --- thinning, specialist, sector ---------------------------------------------------------


def test_thinning_offerings(result):
    expect(
        result.thinning_offerings,
        [
            (1, "AM01", False, False, False, 0, 0, 0, False),
            (2, "AM01", False, True, False, 0, 0, 0, False),
            (3, "AM01", False, True, False, 0, 0, 0, False),
            (4, "AM02", True, True, True, 4000, 1, 4000, True),
            (5, "AM02", True, False, True, 0, 0, 0, True),
            (6, "AM01", False, False, True, 1000, 1, 0, False),
            (7, "AM01", False, True, False, 0, 0, 0, False),
            (8, "AM01", False, True, False, 4000, 1, 4000, True),
            (9, "AM01", False, True, False, 0, 0, 0, False),
        ],
        ["aanbod_id", "arbeidsmarktregio_code", "krimp", "low_enrolment",
         "sole_provider_region", "unique_coverage", "unique_coverage_gemeenten",
         "unique_coverage_krimp", "thinning_risk"],
    )


def test_specialist_programmes_and_recent_starts(result):
    expect(
        result.specialist_programmes,
        [
            ("25002", "Zorg B", 4, "ZWS", 2, 2, 2, 56, 4, 1.0, 1, 1),
            ("25003", "Techniek C", 4, "TGO", 2, 2, 2, 26, 4, 1.0, 1, 0),
        ],
        ["crebo", "naam", "niveau", "btg_code", "locations", "providers", "offerings",
         "studenten", "gemeenten_reachable", "population_share", "recent_starts",
         "recent_starts_flagged"],
    )
    expect(
        result.specialist_starts,
        [(6, "25002", 2, 20, "GM0002", 2024, False, True),
         (7, "25003", 1, 10, "GM0001", 2023, True, False)],
        ["aanbod_id", "crebo", "instelling_id", "locatie_id", "gemeente_code", "startjaar",
         "onderbouwd", "flagged"],
    )


def test_sector_view(result):
    expect(
        result.sector_view,
        [
            ("HM", 0, 1, 0, 0, 0, 0, 0, 0, NAN, 0),
            ("TGO", 2, 3, 7, 3, 4, 75, 3, 2, 67 / 75, 6),
            ("ZWS", 1, 1, 2, 2, 2, 56, 2, 2, 40 / 56, 0),
        ],
        ["btg_code", "programmes", "programmes_catalogue", "offerings", "institutions",
         "locations", "studenten", "gemeenten", "regions", "largest_region_share",
         "offerings_low_enrolment"],
    )


def test_sector_trend(result):
    expect(
        result.sector_trend,
        [
            ("TGO", 2023, 18, 1, NAN, NAN),
            ("TGO", 2024, 19, 1, 1.0, 100 / 18),
            ("TGO", 2025, 20, 1, 1.0, 100 / 19),
            ("ZWS", 2023, 30, 1, NAN, NAN),
            ("ZWS", 2025, 40, 1, NAN, NAN),  # 2024 missing: no "previous year"
        ],
        ["btg_code", "jaar", "studenten", "offerings", "change", "change_pct"],
    )


def test_summary(result):
    assert result.summary == {
        "programmes_offered": 3, "offerings": 9, "studenten": 131, "overlap_pairs": 5,
        "overlap_flagged": 4, "overlap_flagged_same_gemeente": 1, "thinning_risk": 3,
        "low_enrolment": 6, "sole_provider_krimp": 2, "specialist_programmes": 2,
        "specialist_recent_starts": 2, "specialist_recent_starts_flagged": 1,
        "institutions": 3, "locations": 4, "inwoners": 10000,
        "national_coverage_share": pytest.approx(0.9), "mean_programme_share": pytest.approx(0.9),
        "covered_population_sum": 27000, "white_spot_population_sum": 3000,
        "white_spot_pairs": 1, "white_spots_btg_niveau": 1,
        "white_spot_population_btg_niveau": 3000,
    }


def test_result_is_json_serialisable(result):
    data = json.loads(json.dumps(result.to_dict(), allow_nan=False))
    assert set(data["frames"]) == set(result.frames())
    national = data["frames"]["coverage_national"]
    assert national[-1]["niveau"] is None  # the total row
    assert data["frames"]["sector_view"][0]["largest_region_share"] is None  # NaN
    assert data["frames"]["coverage_by_gemeente_programme"][0] == {
        "gemeente_code": "GM0001", "arbeidsmarktregio_code": "AM01", "crebo": "25001",
        "niveau": 2, "btg_code": "TGO", "reachable": True, "minutes_nearest": 5.0,
        "providers_reachable": 3, "accessibility": pytest.approx(61000 / 300),
    }


def test_to_records_turns_missing_and_infinite_into_none():
    df = pd.DataFrame({"a": [1.0, NAN, math.inf], "b": pd.array([1, None, 3], dtype="Int64"),
                       "c": ["x", None, "z"], "d": np.array([True, False, True])})
    assert to_records(df) == [
        {"a": 1.0, "b": 1, "c": "x", "d": True},
        {"a": None, "b": None, "c": None, "d": False},
        {"a": None, "b": 3, "c": "z", "d": True},
    ]


def test_input_errors_are_explicit():
    bad = aanbod().assign(gemeente_code="GM9999")
    with pytest.raises(ValueError, match="gemeentecodes"):
        compute_all(gemeenten(), bad, opleidingen(), inschrijvingen(), PARAMS, travel=travel())
    with pytest.raises(ValueError, match="locaties"):
        compute_all(gemeenten(), aanbod(), opleidingen(), inschrijvingen(), PARAMS,
                    travel=travel().drop(columns=[30]))
    with pytest.raises(ValueError, match="kolommen"):
        compute_all(gemeenten().drop(columns=["krimp"]), aanbod(), opleidingen(),
                    inschrijvingen(), PARAMS)


def test_unreachable_cells_in_an_imported_matrix():
    t = travel()
    t.loc["GM0003", :] = NAN  # a routing engine found no route from GM0003
    res = compute_all(gemeenten(), aanbod(), opleidingen(), inschrijvingen(), PARAMS, travel=t)
    rows = res.coverage_by_gemeente_programme.query("gemeente_code == 'GM0003'")
    assert not rows["reachable"].any() and rows["minutes_nearest"].isna().all()


def test_btg_niveau_white_spot_needs_all_programmes_out_of_reach():
    # A second niveau-2 TGO programme at L30 does not help GM0003 (40 > 30) ...
    extra = pd.DataFrame([{**aanbod().iloc[3].to_dict(), "id": 10, "crebo": "25006"}])
    a = pd.concat([aanbod(), extra], ignore_index=True)
    res = compute_all(gemeenten(), a, opleidingen(), inschrijvingen(), PARAMS, travel=travel())
    assert res.white_spots["gemeente_code"].tolist() == ["GM0003"]
    # ... a niveau-2 TGO programme at L20 reaches GM0003 in 35 > 30 either; at a 40-minute
    # threshold GM0003 reaches 25001 and is no white spot any more.
    params = IndicatorParams(threshold_minutes={1: 30, 2: 40, 3: 45, 4: 60},
                             specialist_max_locations=2, current_year=2025)
    res = compute_all(gemeenten(), a, opleidingen(), inschrijvingen(), params, travel=travel())
    assert res.white_spots.empty


# --- what-if -----------------------------------------------------------------------------


def test_what_if_stop_a_sole_provider(result):
    w = what_if(result, [{"action": "stop", "aanbod_id": 4}])
    assert w.touched_crebos == ["25001"]
    assert w.summary_delta["covered_population_sum"] == -4000
    assert w.summary_delta["white_spot_population_sum"] == 4000
    assert w.summary_delta["offerings"] == -1 and w.summary_delta["locations"] == 0
    assert w.summary_delta["thinning_risk"] == -1  # offering 4 itself was at risk
    lost = w.coverage_changes
    assert lost[["gemeente_code", "crebo", "change", "inwoners"]].values.tolist() == [
        ["GM0004", "25001", "loss", 4000]]
    assert w.access_by_programme.to_dict("records") == [
        {"crebo": "25001", "gemeenten_gained": 0, "gemeenten_lost": 1, "population_gained": 0,
         "population_lost": 4000}]
    assert w.white_spots_added[["gemeente_code", "btg_code", "niveau"]].values.tolist() == [
        ["GM0004", "TGO", 2]]
    assert w.white_spots_removed.empty
    assert w.initiators == [3] and w.affected_instellingen == []
    assert w.thinning_changes["status"].tolist() == ["removed"]


def test_what_if_start_next_to_a_sole_provider(result):
    w = what_if(result, [{"action": "start", "instelling_id": 1, "crebo": "25002",
                          "leerweg": "BOL", "locatie_id": 10}])
    assert w.changes[0]["niveau"] == 4 and w.changes[0]["btg_code"] == "ZWS"
    assert w.changes[0]["gemeente_code"] == "GM0001" and w.changes[0]["startjaar"] == 2025
    assert w.summary_delta["offerings"] == 1
    assert w.summary_delta["overlap_pairs"] == 1 and w.summary_delta["overlap_flagged"] == 1
    added = w.overlap_added
    assert added[["aanbod_id_a", "aanbod_id_b", "same_region"]].values.tolist() == [
        [-1, 6, True]]
    # GM0001 gets 25002 closer (25 -> 5 minutes) and a second provider.
    cell = w.coverage_changes.query("gemeente_code == 'GM0001'").iloc[0]
    assert (cell.minutes_before, cell.minutes_after) == (25.0, 5.0)
    assert (cell.providers_before, cell.providers_after) == (1, 2)
    # Offering 6 is no longer the sole provider of 25002 in AM01 nor GM0001's only access.
    six = w.thinning_changes.query("aanbod_id == 6").iloc[0]
    assert (six.sole_provider_region_before, six.sole_provider_region_after) == (True, False)
    assert (six.unique_coverage_before, six.unique_coverage_after) == (1000, 0)
    reasons = set(map(tuple, w.affected[["instelling_id", "reason"]].values.tolist()))
    assert reasons == {(1, "initiator"), (2, "same_programme_region"),
                       (2, "sole_provider_nearby")}
    assert w.affected_instellingen == [2]
    # A third location: 25002 is no longer a specialist programme (max 2 locations here).
    assert w.specialist_changes[["crebo", "status"]].values.tolist() == [["25002", "removed"]]


def test_what_if_expand_and_scale_down(result):
    w = what_if(result, [{"action": "expand", "aanbod_id": 2, "studenten_delta": 10}])
    assert w.summary_delta["studenten"] == 10 and w.summary_delta["low_enrolment"] == -1
    assert w.coverage_changes.empty  # capacity 30 is the 2SFCA supply: unchanged
    w = what_if(result, [{"action": "scale_down", "aanbod_id": 1, "capaciteit": 10}])
    acc = w.coverage_changes.set_index("gemeente_code")["accessibility_after"]
    assert acc.to_dict() == {"GM0001": pytest.approx(51000 / 300),
                             "GM0002": pytest.approx(51000 / 300)}
    assert len(w.accessibility_changes) == 2


def test_what_if_matches_a_full_recompute(result):
    changes = [{"action": "stop", "aanbod_id": 8},
               {"action": "start", "instelling_id": 3, "crebo": "25003", "leerweg": "BBL",
                "lat": 52.35, "lon": 5.35, "gemeente_code": "GM0003", "studenten": 9}]
    w = what_if(result, changes)
    assert w.changes[1]["locatie_id"] == -2  # a new location gets a negative id
    # The new location is not in the imported matrix: the haversine model fills it in.
    a = aanbod()
    a = a[a["id"] != 8]
    new = pd.DataFrame([{k: w.changes[1][k] for k in a.columns}])
    a = pd.concat([a, new], ignore_index=True)
    g = gemeenten()
    t = travel()
    extra = travel_minutes(g, pd.DataFrame({"locatie_id": [-2], "lat": [52.35],
                                            "lon": [5.35]}), PARAMS)
    t = t.join(extra)
    full = compute_all(g, a, opleidingen(), inschrijvingen(), PARAMS, travel=t)
    assert w.summary_after == {k: pytest.approx(v) for k, v in full.summary.items()}


def test_what_if_result_is_json_serialisable(result):
    w = what_if(result, [{"action": "stop", "aanbod_id": 1}])
    data = json.loads(json.dumps(w.to_dict(), allow_nan=False))
    assert data["summary_delta"]["offerings"] == -1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ([], "leeg"),
        ([{"action": "merge"}], "onbekende actie"),
        ([{"action": "stop", "aanbod_id": 999}], "onbekend aanbod_id"),
        ([{"action": "stop", "aanbod_id": 1}, {"action": "expand", "aanbod_id": 1,
                                                "studenten_delta": 1}], "al gestopt"),
        ([{"action": "expand", "aanbod_id": 1}], "studenten_delta of capaciteit"),
        ([{"action": "start", "instelling_id": 1, "crebo": "29999", "leerweg": "BOL",
           "locatie_id": 10}], "onbekend"),
        ([{"action": "start", "instelling_id": 1, "crebo": "25001", "leerweg": "BOL",
           "locatie_id": 10}], "bestaat al"),
        ([{"action": "start", "instelling_id": 1, "crebo": "25001", "leerweg": "OVO",
           "locatie_id": 20}], "leerweg"),
        ([{"action": "start", "instelling_id": 1, "crebo": "25001", "leerweg": "BOL",
           "locatie_id": 77}], "lat en lon"),
    ],
)
def test_what_if_rejects_invalid_changes(result, changes, message):
    with pytest.raises(ChangeError, match=message):
        what_if(result, changes)


def test_what_if_accepts_the_inputs_instead_of_a_result():
    inputs = {"gemeenten": gemeenten(), "aanbod": aanbod(), "opleidingen": opleidingen(),
              "inschrijvingen": inschrijvingen(), "travel": travel()}
    w = what_if(inputs, [{"action": "stop", "aanbod_id": 4}], PARAMS)
    assert w.summary_delta["covered_population_sum"] == -4000


def test_what_if_with_other_params_recomputes_the_base(result):
    params = IndicatorParams(threshold_minutes={1: 30, 2: 40, 3: 45, 4: 60},
                             specialist_max_locations=2, current_year=2025)
    w = what_if(result, [{"action": "stop", "aanbod_id": 4}], params)
    # At 40 minutes GM0003 reaches 25001 (35), so the base has no white spot.
    assert w.summary_before["white_spot_pairs"] == 0
