"""Choropleth helpers: per-gemeente figures, classes and the SVG, on hand-built frames."""
import pandas as pd
import pytest
from django.utils import translation

from portfolio import maps

SHAPES = [("GM0001", "Aadorp & Co", "M0 0L10 0L10 10Z"), ("GM0002", "Bedum", "M10 0L20 0L20 10Z"),
          ("GM0003", "Cuijk", "M20 0L30 0L30 10Z"), ("GM0004", "Delft", "M30 0L40 0L40 10Z")]


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def coverage(rows):
    return pd.DataFrame(rows, columns=["gemeente_code", "crebo", "niveau", "btg_code",
                                       "reachable", "minutes_nearest", "providers_reachable"])


def test_figures_are_formatted_the_dutch_way_and_missing_ones_are_a_dash():
    f = maps.Formatter()
    assert f(1234567) == "1.234.567"
    assert f(1234.56, "float") == "1.234,6"
    assert f(0.3745, "share") == "37,5%"
    assert f(True, "bool") == "ja" and f(float("nan"), "float") == "–" and f(None) == "–"
    with translation.override("en"):
        assert maps.fmt(1234.56, "float") == "1,234.6"


def test_select_keeps_the_rows_of_the_chosen_btg_niveau_and_crebo():
    df = coverage([("GM0001", "11111", 2, "ZWS", True, 5.0, 1),
                   ("GM0001", "22222", 3, "ZWS", True, 5.0, 1),
                   ("GM0001", "33333", 3, "TGO", True, 5.0, 1)])
    assert list(maps.select(df, btg="ZWS")["crebo"]) == ["11111", "22222"]
    assert list(maps.select(df, niveau=3)["crebo"]) == ["22222", "33333"]
    assert list(maps.select(df, btg="ZWS", niveau=3, crebo="22222")["crebo"]) == ["22222"]
    assert len(maps.select(df)) == 3


def test_a_gemeente_reaching_none_of_a_groups_programmes_is_a_white_spot():
    df = coverage([("GM0001", "11111", 2, "ZWS", True, 10.0, 1),
                   ("GM0001", "22222", 2, "ZWS", False, 50.0, 0),
                   ("GM0002", "11111", 2, "ZWS", False, 40.0, 0),
                   ("GM0002", "22222", 2, "ZWS", False, 35.0, 0)])
    groups = maps.group_by_gemeente(df).set_index("gemeente_code")
    assert groups.loc["GM0001", "programmes_reachable"] == 1
    assert groups.loc["GM0001", "share"] == 0.5 and not groups.loc["GM0001", "white_spot"]
    assert groups.loc["GM0002", "white_spot"] and groups.loc["GM0002", "minutes_nearest"] == 35
    figures = maps.white_spot_map(groups.reset_index()).figures.set_index("gemeente_code")
    assert figures.loc["GM0002", "klasse"] == 0  # the hatched white-spot class
    assert figures.loc["GM0001", "klasse"] == 3  # 50% to 75%


def test_overlap_per_gemeente_counts_offerings_in_an_unjustified_pair():
    offerings = pd.DataFrame({"aanbod_id": [1, 2, 3, 4], "gemeente_code":
                              ["GM0001", "GM0001", "GM0002", "GM0002"]})
    pairs = pd.DataFrame({"aanbod_id_a": [1, 3], "aanbod_id_b": [2, 4],
                          "gemeente_code_a": ["GM0001", "GM0002"],
                          "same_gemeente": [True, True], "flagged": [True, False]})
    out = maps.overlap_by_gemeente(offerings, pairs).set_index("gemeente_code")
    assert out.loc["GM0001"].tolist() == [2, 2, 1, 1.0]
    assert out.loc["GM0002"].tolist() == [2, 0, 0, 0.0]


def test_thinning_per_gemeente_sums_the_offerings_at_risk():
    offerings = pd.DataFrame({
        "gemeente_code": ["GM0001", "GM0001", "GM0002"], "thinning_risk": [True, False, True],
        "low_enrolment": [True, True, False], "sole_provider_region": [False, False, True],
        "krimp": [False, False, True]})
    out = maps.thinning_by_gemeente(offerings).set_index("gemeente_code")
    assert out.loc["GM0001", "offerings"] == 2 and out.loc["GM0001", "thinning_risk"] == 1
    assert out.loc["GM0002", "krimp"] and out.loc["GM0002", "sole_provider_region"] == 1


@pytest.mark.parametrize(("minutes", "klasse"), [(0.0, 0), (15.0, 0), (15.1, 1), (30.0, 1),
                                                 (30.5, 2), (45.0, 2), (46.0, 3)])
def test_travel_time_classes_sit_around_the_threshold(minutes, klasse):
    rows = coverage([("GM0001", "11111", 2, "ZWS", minutes <= 30, minutes, 1)])
    ch = maps.travel_time_map(rows, threshold=30.0)
    assert ch.figures["klasse"].tolist() == [klasse]
    assert ch.classes[klasse].hatched == (minutes > 30)


def test_providers_classes_start_with_the_white_spot():
    rows = coverage([("GM0001", "1", 2, "Z", n > 0, 5.0, n) for n in (0, 1, 2, 3, 4, 5, 9)])
    assert maps.providers_map(rows).figures["klasse"].tolist() == [0, 1, 2, 3, 3, 4, 4]


def test_accessibility_classes_are_quartiles_of_the_gemeenten_with_places():
    rows = pd.DataFrame({"gemeente_code": [f"GM{i:04d}" for i in range(9)],
                         "accessibility": [0.0, 1, 2, 3, 4, 5, 6, 7, 8]})
    ch = maps.accessibility_map(rows)
    klasse = ch.figures["klasse"].tolist()
    assert klasse[0] == 0 and ch.classes[0].hatched
    assert klasse == sorted(klasse) and klasse[-1] == len(ch.classes) - 1
    assert len(ch.classes) == 5


def test_render_draws_every_shape_once_and_escapes_names():
    rows = coverage([("GM0001", "1", 2, "Z", True, 3.0, 1),
                     ("GM0002", "1", 2, "Z", False, 80.0, 0),
                     ("GM0003", "1", 2, "Z", True, 20.0, 2)])
    out = maps.render(maps.travel_time_map(rows, 30.0), SHAPES, title="Reistijd <test>",
                      description="uitleg", gemeente_url="/g/{code}/")
    assert out.svg.count("<path ") == len(SHAPES)
    assert "<title>Aadorp &amp; Co: 3,0 min, binnen bereik</title>" in out.svg
    assert "Reistijd &lt;test&gt;" in out.svg and 'fill-rule="evenodd"' in out.svg
    assert 'data-gemeente="GM0004" data-klasse="4"' in out.svg  # no figure: the no-data class
    assert 'fill="url(#arcering-3)"' in out.svg  # out of reach is hatched
    assert [r["code"] for r in out.rows] == ["GM0001", "GM0003", "GM0002", "GM0004"]
    assert out.rows[-1]["cells"] == ["–", "–", "–"]
    assert sum(item["count"] for item in out.legend) == len(SHAPES)
    assert 'href="/g/GM0001/">Aadorp &amp; Co</a>' in out.table_body
    assert out.table_body.count("<tr ") == len(SHAPES)


def test_the_legend_leaves_out_an_empty_no_data_class():
    rows = coverage([(code, "1", 2, "Z", True, 3.0, 1) for code, _n, _d in SHAPES])
    out = maps.render(maps.travel_time_map(rows, 30.0), SHAPES, title="t", description="d")
    assert [item["label"] for item in out.legend][-1] != "geen gegevens"
    assert len(out.legend) == 4
