"""Property tests (hypothesis) of the indicator engine on random small portfolios.

- the vectorised engine equals the plain-loop reference implementation, table by table;
- adding an offering never lowers coverage;
- overlap is symmetric (and independent of row order and id labels);
- removing an offering moves exactly its unique coverage into the white spots;
- an incremental what-if equals a full recompute of the changed portfolio.

Travel matrices are small integers, so thresholds are hit exactly (ties must count as
reachable everywhere). No database.
"""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from portfolio.indicators import IndicatorParams, compute_all, what_if
from portfolio.indicators_reference import compute_all_reference

PROGRAMMES = {"25001": (2, "TGO"), "25002": (4, "ZWS"), "25003": (4, "TGO"),
              "25004": (1, "ENTREE"), "25005": (3, "TGO")}
PARAMS = IndicatorParams(specialist_max_locations=2, low_enrolment_threshold=10,
                         current_year=2025)
SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

OPLEIDINGEN = pd.DataFrame(
    [(c, n, b, f"Opleiding {c}") for c, (n, b) in PROGRAMMES.items()]
    + [("25099", 3, "HM", "Niet aangeboden")],
    columns=["crebo", "niveau", "btg_code", "naam"],
)


def offering_rows(draw, n: int, n_loc: int, first_id: int) -> list[dict]:
    rows = []
    for k in range(n):
        crebo = draw(st.sampled_from(sorted(PROGRAMMES)))
        niveau, btg = PROGRAMMES[crebo]
        cap = draw(st.one_of(st.just(math.nan), st.integers(0, 60).map(float)))
        rows.append({
            "id": first_id + k, "instelling_id": draw(st.integers(1, 4)), "crebo": crebo,
            "niveau": niveau, "btg_code": btg, "leerweg": draw(st.sampled_from(["BOL", "BBL"])),
            "locatie_id": draw(st.integers(1, n_loc)), "studenten": draw(st.integers(0, 40)),
            "capaciteit": cap, "onderbouwd": draw(st.booleans()),
            "startjaar": draw(st.integers(2018, 2025)),
        })
    return rows


@st.composite
def portfolios(draw):
    """(gemeenten, aanbod, inschrijvingen, travel) with 2-6 gemeenten and 1-6 locations."""
    n_gem = draw(st.integers(2, 6))
    n_loc = draw(st.integers(1, 6))
    codes = [f"GM{i:04d}" for i in range(1, n_gem + 1)]
    gemeenten = pd.DataFrame({
        "code": codes,
        "lat": [52.0 + i / 10 for i in range(n_gem)],
        "lon": [5.0 + i / 10 for i in range(n_gem)],
        "inwoners": draw(st.lists(st.integers(0, 5000), min_size=n_gem, max_size=n_gem)),
        "jongeren": draw(st.lists(st.one_of(st.just(math.nan), st.integers(0, 800).map(float)),
                                  min_size=n_gem, max_size=n_gem)),
        "arbeidsmarktregio_code": draw(st.lists(st.sampled_from(["AM01", "AM02", "AM03"]),
                                                min_size=n_gem, max_size=n_gem)),
        "provincie_code": "PV01",
        "krimp": draw(st.lists(st.booleans(), min_size=n_gem, max_size=n_gem)),
    })
    loc_gem = draw(st.lists(st.sampled_from(codes), min_size=n_loc, max_size=n_loc))
    minutes = draw(st.lists(
        st.lists(st.one_of(st.integers(0, 90).map(float), st.just(math.nan)),
                 min_size=n_loc, max_size=n_loc),
        min_size=n_gem, max_size=n_gem))
    travel = pd.DataFrame(minutes, index=codes, columns=list(range(1, n_loc + 1)))
    n_off = draw(st.integers(1, 14))
    aanbod = pd.DataFrame(offering_rows(draw, n_off, n_loc, 1))
    aanbod["gemeente_code"] = [loc_gem[i - 1] for i in aanbod["locatie_id"]]
    aanbod["lat"] = 52.0 + aanbod["locatie_id"] / 7
    aanbod["lon"] = 5.0 + aanbod["locatie_id"] / 7
    years = draw(st.lists(st.tuples(st.integers(1, n_off), st.integers(2021, 2025),
                                    st.integers(0, 50)), max_size=12,
                          unique_by=lambda t: (t[0], t[1])))
    inschrijvingen = pd.DataFrame(years, columns=["aanbod_id", "jaar", "studenten"])
    return gemeenten, aanbod, inschrijvingen, travel, loc_gem


def run(p, aanbod=None):
    gemeenten, base, ins, travel, _ = p
    return compute_all(gemeenten, base if aanbod is None else aanbod, OPLEIDINGEN, ins, PARAMS,
                       travel=travel)


def assert_same_result(a, b):
    for name, frame in a.frames().items():
        assert_frame_equal(frame, b.frames()[name], check_exact=False, rtol=1e-9, atol=1e-9,
                           obj=name)
    assert a.summary.keys() == b.summary.keys()
    for key, value in a.summary.items():
        assert b.summary[key] == pytest.approx(value, rel=1e-9, abs=1e-9), key


@SETTINGS
@given(portfolios())
def test_engine_equals_reference(p):
    gemeenten, aanbod, ins, travel, _ = p
    engine = run(p)
    reference = compute_all_reference(gemeenten, aanbod, OPLEIDINGEN, ins, PARAMS,
                                      travel=travel)
    assert_same_result(engine, reference)


@settings(max_examples=25, deadline=None)
@given(portfolios())
def test_engine_equals_reference_with_the_default_travel_model(p):
    gemeenten, aanbod, ins, _, _ = p
    engine = compute_all(gemeenten, aanbod, OPLEIDINGEN, ins, PARAMS)
    reference = compute_all_reference(gemeenten, aanbod, OPLEIDINGEN, ins, PARAMS)
    assert_same_result(engine, reference)


@SETTINGS
@given(portfolios(), st.data())
def test_adding_an_offering_never_lowers_coverage(p, data):
    _, aanbod, _, travel, loc_gem = p
    new = pd.DataFrame(offering_rows(data.draw, 1, len(travel.columns), 1000))
    new["gemeente_code"] = [loc_gem[i - 1] for i in new["locatie_id"]]
    new["lat"], new["lon"] = 52.0, 5.0
    before, after = run(p), run(p, pd.concat([aanbod, new], ignore_index=True))

    cov = before.coverage_by_gemeente_programme.merge(
        after.coverage_by_gemeente_programme, on=["gemeente_code", "crebo"],
        suffixes=("_b", "_a"), how="left", validate="one_to_one")
    assert (cov["reachable_a"] >= cov["reachable_b"]).all()
    assert (cov["minutes_nearest_a"].fillna(np.inf)
            <= cov["minutes_nearest_b"].fillna(np.inf)).all()
    assert (cov["providers_reachable_a"] >= cov["providers_reachable_b"]).all()
    assert (cov["accessibility_a"] >= cov["accessibility_b"] - 1e-9).all()

    prog = before.coverage_by_programme.merge(after.coverage_by_programme, on="crebo",
                                              suffixes=("_b", "_a"))
    assert (prog["population_reachable_a"] >= prog["population_reachable_b"]).all()
    groups = before.coverage_by_btg_niveau.merge(after.coverage_by_btg_niveau,
                                                 on=["btg_code", "niveau"], suffixes=("_b", "_a"))
    assert (groups["population_reachable_a"] >= groups["population_reachable_b"]).all()
    assert after.summary["covered_population_sum"] >= before.summary["covered_population_sum"]
    # No new btg x niveau white spot can appear for a group that already existed.
    old_groups = set(zip(before.coverage_by_btg_niveau["btg_code"],
                         before.coverage_by_btg_niveau["niveau"], strict=True))
    ws_after = {(r.gemeente_code, r.btg_code, r.niveau)
                for r in after.white_spots.itertuples() if (r.btg_code, r.niveau) in old_groups}
    ws_before = set(zip(before.white_spots["gemeente_code"], before.white_spots["btg_code"],
                        before.white_spots["niveau"], strict=True))
    assert ws_after <= ws_before


PAIR_FACTS = ["crebo", "leerweg", "same_gemeente", "same_region", "within_threshold",
              "minutes_between", "justified", "flagged"]


def unordered(pairs: pd.DataFrame) -> dict:
    return {frozenset((r.aanbod_id_a, r.aanbod_id_b)): tuple(getattr(r, c) for c in PAIR_FACTS)
            for r in pairs.itertuples()}


def same_facts(x: dict, y: dict) -> bool:
    def norm(t):
        return tuple("nan" if isinstance(v, float) and math.isnan(v) else v for v in t)
    return x.keys() == y.keys() and all(norm(x[k]) == norm(y[k]) for k in x)


@SETTINGS
@given(portfolios(), st.randoms(use_true_random=False))
def test_overlap_is_symmetric(p, rnd):
    _, aanbod, _, _, _ = p
    base = run(p)
    pairs = base.overlap_pairs
    assert (pairs["aanbod_id_a"] < pairs["aanbod_id_b"]).all()
    assert (pairs["instelling_id_a"] != pairs["instelling_id_b"]).all()
    # Reversing the ids swaps the roles of a and b in every pair: nothing else may change.
    relabelled = aanbod.assign(id=1000 - aanbod["id"])
    swapped = run(p, relabelled).overlap_pairs
    back = {frozenset(1000 - i for i in k): v for k, v in unordered(swapped).items()}
    assert same_facts(back, unordered(pairs))
    # Swapped columns describe the same pair seen from the other side.
    merged = pairs.assign(key_a=1000 - pairs["aanbod_id_a"], key_b=1000 - pairs["aanbod_id_b"])
    merged = merged.merge(swapped, left_on=["key_b", "key_a"],
                          right_on=["aanbod_id_a", "aanbod_id_b"], suffixes=("", "_s"))
    assert len(merged) == len(pairs)
    assert (merged["instelling_id_a"] == merged["instelling_id_b_s"]).all()
    assert (merged["gemeente_code_a"] == merged["gemeente_code_b_s"]).all()
    # And the row order of the input does not matter at all.
    order = list(range(len(aanbod)))
    rnd.shuffle(order)
    shuffled = run(p, aanbod.iloc[order].reset_index(drop=True))
    assert_same_result(base, shuffled)


@SETTINGS
@given(portfolios(), st.data())
def test_removing_an_offering_adds_exactly_its_unique_coverage_to_the_white_spots(p, data):
    _, aanbod, _, _, _ = p
    before = run(p)
    thin = before.thinning_offerings
    row = thin.iloc[data.draw(st.integers(0, len(thin) - 1))]
    unique = int(row["unique_coverage"])
    after = run(p, aanbod[aanbod["id"] != row["aanbod_id"]])
    assert (before.summary["covered_population_sum"] - after.summary["covered_population_sum"]
            == unique)
    prog_b = before.coverage_by_programme.set_index("crebo")
    prog_a = after.coverage_by_programme.set_index("crebo")
    if row["crebo"] in prog_a.index:
        grew = (prog_a.at[row["crebo"], "white_spot_population"]
                - prog_b.at[row["crebo"], "white_spot_population"])
        assert grew == unique
        # The gemeenten that became white spots are exactly unique_coverage_gemeenten.
        cov_b = before.coverage_by_gemeente_programme.query("crebo == @row.crebo")
        cov_a = after.coverage_by_gemeente_programme.query("crebo == @row.crebo")
        lost = (cov_b["reachable"].to_numpy() & ~cov_a["reachable"].to_numpy()).sum()
        assert lost == row["unique_coverage_gemeenten"]
    else:  # its last offering: everyone who reached it loses it
        assert unique == prog_b.at[row["crebo"], "population_reachable"]
    # The what-if of stopping it reports the same loss without a full recompute.
    w = what_if(before, [{"action": "stop", "aanbod_id": int(row["aanbod_id"])}])
    assert w.summary_delta["covered_population_sum"] == -unique
    assert int(w.access_by_programme["population_lost"].sum()) == unique


def apply_changes(aanbod: pd.DataFrame, normalised: list[dict]) -> pd.DataFrame:
    """The change set applied to the input table the slow, obvious way."""
    a = aanbod.copy()
    for ch in normalised:
        if ch["action"] == "stop":
            a = a[a["id"] != ch["aanbod_id"]]
        elif ch["action"] == "start":
            a = pd.concat([a, pd.DataFrame([{k: ch[k] for k in aanbod.columns}])],
                          ignore_index=True)
        else:
            mask = a["id"] == ch["aanbod_id"]
            a.loc[mask, "studenten"] = (a.loc[mask, "studenten"]
                                        + ch["studenten_delta"]).clip(lower=0)
            a.loc[mask, "capaciteit"] = ch["capaciteit"]
    return a


@st.composite
def change_sets(draw, aanbod: pd.DataFrame, loc_gem: list[str]):
    ids = sorted(aanbod["id"])
    changes, stopped = [], set()
    for k in range(draw(st.integers(1, 3))):
        action = draw(st.sampled_from(["start", "stop", "expand", "scale_down"]))
        alive = [i for i in ids if i not in stopped]
        if action == "start" or not alive:
            row = offering_rows(draw, 1, len(loc_gem), 0)[0]
            changes.append({"action": "start", "instelling_id": row["instelling_id"],
                            "crebo": row["crebo"], "leerweg": row["leerweg"],
                            "locatie_id": row["locatie_id"], "studenten": row["studenten"],
                            "gemeente_code": loc_gem[row["locatie_id"] - 1],
                            "onderbouwd": row["onderbouwd"], "id": 500 + k})
            continue
        target = draw(st.sampled_from(alive))
        if action == "stop":
            stopped.add(target)
            changes.append({"action": "stop", "aanbod_id": target})
        else:
            change = {"action": action, "aanbod_id": target,
                      "studenten_delta": draw(st.integers(1, 30))}
            if draw(st.booleans()):
                change["capaciteit"] = draw(st.one_of(st.none(), st.integers(0, 80)))
            changes.append(change)
    return changes


@SETTINGS
@given(portfolios(), st.data())
def test_what_if_equals_a_full_recompute(p, data):
    _, aanbod, _, travel, loc_gem = p
    base = run(p)
    changes = data.draw(change_sets(aanbod, loc_gem))
    try:
        w = what_if(base, changes)
    except ValueError as exc:  # e.g. a random start that duplicates an existing offering
        assert "bestaat al" in str(exc)
        return
    full = run(p, apply_changes(aanbod, w.changes))
    assert w.summary_after.keys() == full.summary.keys()
    for key, value in full.summary.items():
        assert w.summary_after[key] == pytest.approx(value, rel=1e-9, abs=1e-9), key

    # Coverage cells that changed are exactly those that differ in the full recompute.
    cov_b = base.coverage_by_gemeente_programme.set_index(["gemeente_code", "crebo"])
    cov_a = full.coverage_by_gemeente_programme.set_index(["gemeente_code", "crebo"])
    idx = cov_b.index.union(cov_a.index)
    rb = cov_b["reachable"].reindex(idx, fill_value=False).astype(bool)
    ra = cov_a["reachable"].reindex(idx, fill_value=False).astype(bool)
    gained = set(idx[(ra & ~rb).to_numpy()])
    lost = set(idx[(rb & ~ra).to_numpy()])
    cells = w.coverage_changes
    assert {(r.gemeente_code, r.crebo) for r in cells.itertuples() if r.change == "gain"} == gained
    assert {(r.gemeente_code, r.crebo) for r in cells.itertuples() if r.change == "loss"} == lost

    # Overlap pairs added/removed are the set difference of the two full results.
    before_pairs, after_pairs = unordered(base.overlap_pairs), unordered(full.overlap_pairs)
    assert set(unordered(w.overlap_added)) == set(after_pairs) - set(before_pairs)
    assert set(unordered(w.overlap_removed)) == set(before_pairs) - set(after_pairs)

    # White spots, thinning, specialist and sector rows agree with the full recompute.
    def keys(df, cols):
        return set(map(tuple, df[cols].values.tolist()))

    ws = ["gemeente_code", "btg_code", "niveau"]
    assert keys(w.white_spots_added, ws) == keys(full.white_spots, ws) - keys(base.white_spots,
                                                                              ws)
    assert keys(w.white_spots_removed, ws) == keys(base.white_spots, ws) - keys(full.white_spots,
                                                                                ws)
    thin = full.thinning_offerings.set_index("aanbod_id")
    for r in w.thinning_changes.itertuples():
        if r.status != "removed":
            assert thin.at[r.aanbod_id, "unique_coverage"] == r.unique_coverage_after
            assert thin.at[r.aanbod_id, "thinning_risk"] == r.thinning_risk_after
    sector = full.sector_view.set_index("btg_code")
    for r in w.sector_changes.itertuples():
        assert sector.at[r.btg_code, "studenten"] == r.studenten_after
        assert sector.at[r.btg_code, "institutions"] == r.institutions_after
    spec = set(full.specialist_programmes["crebo"])
    for r in w.specialist_changes.itertuples():
        assert (r.crebo in spec) == (r.status != "removed")
    region = full.overlap_scores_region.set_index("arbeidsmarktregio_code")
    for r in w.overlap_region_changes.itertuples():
        assert region.at[r.arbeidsmarktregio_code, "overlap_score"] == pytest.approx(
            r.overlap_score_after)
