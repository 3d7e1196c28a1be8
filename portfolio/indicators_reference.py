"""Reference implementation of the indicators with plain Python loops (no numpy tricks).

It follows the definitions in the docstrings of ``portfolio.indicators`` word for word and
exists to check the vectorised engine: on any portfolio both must give the same tables
(``tests/portfolio/test_indicators_properties.py``) and the benchmark reports how much faster
the engine is. Only ``IndicatorParams``, the table layout (``schema``) and the result
container are shared; every number is computed here independently. Not for production use.
"""

from __future__ import annotations

import math
from collections import defaultdict

import pandas as pd

from portfolio.indicators import schema
from portfolio.indicators.engine import IndicatorResult
from portfolio.indicators.params import IndicatorParams

EARTH_RADIUS_KM = 6371.0088


def _haversine_minutes(lat1, lon1, lat2, lon2, params: IndicatorParams) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    km = 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, max(0.0, a))))
    return km * params.detour_factor / params.speed_kmh * 60.0


def _records(df: pd.DataFrame) -> list[dict]:
    return df.to_dict("records")


def compute_all_reference(
    gemeenten: pd.DataFrame,
    aanbod: pd.DataFrame,
    opleidingen: pd.DataFrame,
    inschrijvingen: pd.DataFrame,
    params: IndicatorParams | None = None,
    travel: pd.DataFrame | None = None,
) -> IndicatorResult:
    """Same contract as ``compute_all``, computed with loops."""
    params = params or IndicatorParams()
    thr = params.threshold_minutes

    gems = sorted(_records(gemeenten), key=lambda r: str(r["code"]))
    codes = [str(g["code"]) for g in gems]
    inw = {str(g["code"]): int(g["inwoners"]) for g in gems}
    region = {str(g["code"]): str(g["arbeidsmarktregio_code"]) for g in gems}
    krimp = {str(g["code"]): bool(g["krimp"]) for g in gems}
    total_inw = sum(inw.values())

    # Demand: youth where known, otherwise inhabitants x the known youth ratio.
    known_youth = known_inw = 0.0
    for g in gems:
        y = g["jongeren"]
        if y is not None and not (isinstance(y, float) and math.isnan(y)):
            known_youth += float(y)
            known_inw += int(g["inwoners"])
    demand = {}
    for g in gems:
        y = g["jongeren"]
        if y is not None and not (isinstance(y, float) and math.isnan(y)):
            demand[str(g["code"])] = float(y)
        elif known_inw > 0:
            demand[str(g["code"])] = int(g["inwoners"]) * (known_youth / known_inw)
        else:
            demand[str(g["code"])] = float(int(g["inwoners"]))

    offers = []
    for r in _records(aanbod):
        cap = r["capaciteit"]
        cap = float("nan") if cap is None else float(cap)
        studenten = 0 if r["studenten"] is None or r["studenten"] != r["studenten"] else int(
            r["studenten"]
        )
        offers.append(
            {
                "id": int(r["id"]), "instelling_id": int(r["instelling_id"]),
                "crebo": str(r["crebo"]), "niveau": int(r["niveau"]),
                "btg_code": str(r["btg_code"]), "leerweg": str(r["leerweg"]),
                "locatie_id": int(r["locatie_id"]), "gemeente_code": str(r["gemeente_code"]),
                "lat": float(r["lat"]), "lon": float(r["lon"]), "studenten": studenten,
                "capaciteit": cap, "onderbouwd": bool(r["onderbouwd"]),
                "startjaar": int(r["startjaar"]),
                "supply": float(studenten) if math.isnan(cap) else cap,
            }
        )
    offers.sort(key=lambda o: (o["crebo"], o["instelling_id"], o["locatie_id"], o["leerweg"],
                               o["id"]))
    for o in offers:
        o["region"] = region[o["gemeente_code"]]
        o["krimp"] = krimp[o["gemeente_code"]]

    # Travel minutes T[gemeente][locatie].
    T: dict[str, dict[int, float]] = {c: {} for c in codes}
    if travel is None:
        locs = {}
        for o in offers:
            locs.setdefault(o["locatie_id"], (o["lat"], o["lon"]))
        for g in gems:
            for loc, (lat, lon) in locs.items():
                T[str(g["code"])][loc] = _haversine_minutes(
                    float(g["lat"]), float(g["lon"]), lat, lon, params
                )
    else:
        for code in codes:
            row = travel.loc[code]
            for loc, value in row.items():
                v = float(value)
                T[code][int(loc)] = math.inf if math.isnan(v) else v

    # Programmes: niveau and btg from their first offering.
    programmes: dict[str, list[dict]] = {}
    for o in offers:
        programmes.setdefault(o["crebo"], []).append(o)
    names = {str(r["crebo"]): ("" if r["naam"] is None else str(r["naam"]))
             for r in _records(opleidingen)}

    # 2SFCA step 1 needs the demand within the threshold of each location.
    catchment: dict[tuple[int, int], float] = {}
    for o in offers:
        key = (o["niveau"], o["locatie_id"])
        if key not in catchment:
            catchment[key] = sum(
                demand[c] for c in codes if T[c][o["locatie_id"]] <= thr[o["niveau"]]
            )

    cov_rows = []
    reach: dict[tuple[str, str], bool] = {}
    minutes_to: dict[tuple[str, str], float] = {}
    access: dict[tuple[str, str], float] = {}
    unique_pop = defaultdict(int)
    unique_gem = defaultdict(int)
    unique_krimp = defaultdict(int)
    for crebo, offs in programmes.items():
        niveau, btg = offs[0]["niveau"], offs[0]["btg_code"]
        limit = thr[niveau]
        supply_at: dict[int, float] = defaultdict(float)
        for o in offs:
            supply_at[o["locatie_id"]] += o["supply"]
        for c in codes:
            best = math.inf
            providers = set()
            n_reachable = 0
            score = 0.0
            for o in offs:
                t = T[c][o["locatie_id"]]
                best = min(best, t)
                if t <= limit:
                    providers.add(o["instelling_id"])
                    n_reachable += 1
            for loc, supply in supply_at.items():
                if T[c][loc] <= limit:
                    catch = catchment[(niveau, loc)]
                    score += supply / catch if catch > 0 else 0.0
            for o in offs:
                # The gemeente loses access if o is the only reachable offering.
                if T[c][o["locatie_id"]] <= limit and n_reachable == 1:
                    unique_pop[o["id"]] += inw[c]
                    unique_gem[o["id"]] += 1
                    if krimp[c]:
                        unique_krimp[o["id"]] += inw[c]
            reach[(c, crebo)] = best <= limit
            minutes_to[(c, crebo)] = best
            access[(c, crebo)] = score * 1000.0
            cov_rows.append(
                {
                    "gemeente_code": c, "arbeidsmarktregio_code": region[c], "crebo": crebo,
                    "niveau": niveau, "btg_code": btg, "reachable": best <= limit,
                    "minutes_nearest": best if best < math.inf else float("nan"),
                    "providers_reachable": len(providers), "accessibility": score * 1000.0,
                }
            )

    # Per programme.
    prog_rows = []
    prog_info = {}
    for crebo, offs in programmes.items():
        niveau, btg = offs[0]["niveau"], offs[0]["btg_code"]
        covered = sum(inw[c] for c in codes if reach[(c, crebo)])
        num = den = 0.0
        for c in codes:
            if minutes_to[(c, crebo)] < math.inf:
                num += inw[c] * minutes_to[(c, crebo)]
                den += inw[c]
        row = {
            "crebo": crebo, "naam": names.get(crebo, ""), "niveau": niveau, "btg_code": btg,
            "offerings": len(offs), "locations": len({o["locatie_id"] for o in offs}),
            "providers": len({o["instelling_id"] for o in offs}),
            "studenten": sum(o["studenten"] for o in offs), "threshold_minutes": thr[niveau],
            "gemeenten_reachable": sum(1 for c in codes if reach[(c, crebo)]),
            "population_reachable": covered,
            "population_share": covered / total_inw if total_inw else 0.0,
            "white_spot_population": total_inw - covered,
            "mean_minutes_nearest": num / den if den > 0 else float("nan"),
        }
        prog_rows.append(row)
        prog_info[crebo] = row

    # btg x niveau groups.
    group_progs: dict[tuple[str, int], list[str]] = defaultdict(list)
    for crebo, offs in programmes.items():
        group_progs[(offs[0]["btg_code"], offs[0]["niveau"])].append(crebo)
    group_rows, white_rows, acc_rows = [], [], []
    group_reach: dict[tuple[str, tuple], bool] = {}
    for (btg, niveau), crebos in sorted(group_progs.items()):
        covered = 0
        n_reach = 0
        num = den = 0.0
        for c in codes:
            any_reach = any(reach[(c, p)] for p in crebos)
            best = min(minutes_to[(c, p)] for p in crebos)
            group_reach[(c, (btg, niveau))] = any_reach
            if best < math.inf:
                num += inw[c] * best
                den += inw[c]
            if any_reach:
                covered += inw[c]
                n_reach += 1
            else:
                white_rows.append(
                    {
                        "gemeente_code": c, "arbeidsmarktregio_code": region[c],
                        "btg_code": btg, "niveau": niveau, "inwoners": inw[c],
                        "minutes_nearest": best if best < math.inf else float("nan"),
                        "threshold_minutes": thr[niveau],
                    }
                )
            acc_rows.append(
                {"gemeente_code": c, "btg_code": btg, "niveau": niveau,
                 "accessibility": sum(access[(c, p)] for p in crebos)}
            )
        group_rows.append(
            {
                "btg_code": btg, "niveau": niveau, "programmes": len(crebos),
                "gemeenten_reachable": n_reach, "population_reachable": covered,
                "population_share": covered / total_inw if total_inw else 0.0,
                "mean_programme_share": sum(prog_info[p]["population_share"] for p in crebos)
                / len(crebos),
                "white_spot_gemeenten": len(codes) - n_reach,
                "white_spot_population": total_inw - covered,
                "mean_minutes_nearest": num / den if den > 0 else float("nan"),
            }
        )

    # Regions.
    n_prog = len(programmes)
    region_rows = []
    for r in sorted(set(region.values())):
        members = [c for c in codes if region[c] == r]
        inw_r = sum(inw[c] for c in members)
        pairs_in_reach = sum(inw[c] * sum(1 for p in programmes if reach[(c, p)])
                             for c in members)
        region_rows.append(
            {
                "arbeidsmarktregio_code": r, "gemeenten": len(members), "inwoners": inw_r,
                "krimp_gemeenten": sum(1 for c in members if krimp[c]),
                "coverage_share": pairs_in_reach / (inw_r * n_prog) if inw_r * n_prog else 0.0,
                "mean_programmes_reachable": pairs_in_reach / inw_r if inw_r else 0.0,
                "programmes_reachable_everywhere": sum(
                    1 for p in programmes if all(reach[(c, p)] for c in members)),
                "programmes_reachable_somewhere": sum(
                    1 for p in programmes if any(reach[(c, p)] for c in members)),
                "white_spot_pairs": sum(1 for c in members for p in programmes
                                        if not reach[(c, p)]),
                "white_spot_population": sum(inw[c] for c in members for p in programmes
                                             if not reach[(c, p)]),
                "btg_niveau_white_spots": sum(1 for c in members for grp in group_progs
                                              if not group_reach[(c, grp)]),
            }
        )

    # National, per niveau and in total.
    national_rows = []
    for niveau in [1, 2, 3, 4, None]:
        crebos = [p for p, offs in programmes.items()
                  if niveau is None or offs[0]["niveau"] == niveau]
        cov = sum(prog_info[p]["population_reachable"] for p in crebos)
        national_rows.append(
            {
                "niveau": pd.NA if niveau is None else niveau,
                "programmes": len(crebos),
                "coverage_share": cov / (len(crebos) * total_inw)
                if crebos and total_inw else 0.0,
                "mean_programme_share": sum(prog_info[p]["population_share"] for p in crebos)
                / len(crebos) if crebos and total_inw else 0.0,
                "covered_population_sum": cov,
                "white_spot_population_sum": len(crebos) * total_inw - cov,
                "white_spot_pairs": sum(1 for p in crebos for c in codes if not reach[(c, p)]),
                "btg_niveau_white_spots": sum(
                    1 for grp in group_progs for c in codes
                    if (niveau is None or grp[1] == niveau) and not group_reach[(c, grp)]),
            }
        )

    # Overlap pairs.
    pair_rows = []
    by_key: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for o in offers:
        by_key[(o["crebo"], o["leerweg"])].append(o)
    for offs in by_key.values():
        offs = sorted(offs, key=lambda o: o["id"])
        for i, a in enumerate(offs):
            for b in offs[i + 1:]:
                if a["instelling_id"] == b["instelling_id"]:
                    continue
                between = max(T[a["gemeente_code"]][b["locatie_id"]],
                              T[b["gemeente_code"]][a["locatie_id"]])
                same_gem = a["gemeente_code"] == b["gemeente_code"]
                same_reg = a["region"] == b["region"]
                within = between <= thr[a["niveau"]]
                if not (same_gem or same_reg or within):
                    continue
                justified = a["onderbouwd"] or b["onderbouwd"]
                pair_rows.append(
                    {
                        "aanbod_id_a": a["id"], "aanbod_id_b": b["id"], "crebo": a["crebo"],
                        "niveau": a["niveau"], "btg_code": a["btg_code"],
                        "leerweg": a["leerweg"], "instelling_id_a": a["instelling_id"],
                        "instelling_id_b": b["instelling_id"],
                        "gemeente_code_a": a["gemeente_code"],
                        "gemeente_code_b": b["gemeente_code"],
                        "arbeidsmarktregio_code_a": a["region"],
                        "arbeidsmarktregio_code_b": b["region"],
                        "same_gemeente": same_gem, "same_region": same_reg,
                        "within_threshold": within,
                        "minutes_between": between if between < math.inf else float("nan"),
                        "justified": justified, "flagged": not justified,
                    }
                )
    flagged_ids = set()
    for p in pair_rows:
        if p["flagged"]:
            flagged_ids.add(p["aanbod_id_a"])
            flagged_ids.add(p["aanbod_id_b"])

    def score_rows(key: str, keys: list[str]) -> list[dict]:
        rows = []
        for k in keys:
            offs = [o for o in offers if o[key] == k]
            touching = [p for p in pair_rows if k in (p[f"{key}_a"], p[f"{key}_b"])]
            overlapping = sum(1 for o in offs if o["id"] in flagged_ids)
            rows.append(
                {
                    key: k, "offerings": len(offs), "offerings_overlapping": overlapping,
                    "overlap_score": overlapping / len(offs) if offs else 0.0,
                    "pairs": len(touching),
                    "pairs_flagged": sum(1 for p in touching if p["flagged"]),
                    "pairs_flagged_same_gemeente": sum(
                        1 for p in touching if p["flagged"] and p["same_gemeente"]),
                }
            )
        return rows

    for p in pair_rows:
        p["region_a"], p["region_b"] = p["arbeidsmarktregio_code_a"], p["arbeidsmarktregio_code_b"]
        p["btg_code_a"] = p["btg_code_b"] = p["btg_code"]
    region_scores = [
        {("arbeidsmarktregio_code" if k == "region" else k): v for k, v in row.items()}
        for row in score_rows("region", sorted(set(region.values())))
    ]
    btg_scores = score_rows("btg_code", sorted({o["btg_code"] for o in offers}))

    # Thinning.
    providers_in_region: dict[tuple[str, str], set] = defaultdict(set)
    for o in offers:
        providers_in_region[(o["crebo"], o["region"])].add(o["instelling_id"])
    thin_rows = []
    for o in offers:
        low = o["studenten"] < params.low_enrolment_threshold
        sole = len(providers_in_region[(o["crebo"], o["region"])]) == 1
        unique = unique_pop[o["id"]]
        thin_rows.append(
            {
                "aanbod_id": o["id"], "instelling_id": o["instelling_id"], "crebo": o["crebo"],
                "niveau": o["niveau"], "btg_code": o["btg_code"], "leerweg": o["leerweg"],
                "locatie_id": o["locatie_id"], "gemeente_code": o["gemeente_code"],
                "arbeidsmarktregio_code": o["region"], "krimp": o["krimp"],
                "studenten": o["studenten"], "startjaar": o["startjaar"], "low_enrolment": low,
                "sole_provider_region": sole, "unique_coverage": unique,
                "unique_coverage_gemeenten": unique_gem[o["id"]],
                "unique_coverage_krimp": unique_krimp[o["id"]],
                "thinning_risk": (sole and o["krimp"]) or (low and unique > 0),
            }
        )

    # Specialist programmes and recent starts by others.
    first = params.first_recent_year
    spec_rows, start_rows = [], []
    for crebo, offs in programmes.items():
        info = prog_info[crebo]
        if info["locations"] > params.specialist_max_locations:
            continue
        prog_first = min(o["startjaar"] for o in offs)
        inst_first: dict[int, int] = {}
        for o in offs:
            inst_first[o["instelling_id"]] = min(inst_first.get(o["instelling_id"], 9999),
                                                 o["startjaar"])
        starts = []
        for o in offs:
            established = (inst_first[o["instelling_id"]] < first
                           or inst_first[o["instelling_id"]] == prog_first)
            if o["startjaar"] >= first and not established:
                starts.append(o)
                start_rows.append(
                    {
                        "aanbod_id": o["id"], "crebo": crebo,
                        "instelling_id": o["instelling_id"], "locatie_id": o["locatie_id"],
                        "gemeente_code": o["gemeente_code"], "startjaar": o["startjaar"],
                        "onderbouwd": o["onderbouwd"], "flagged": not o["onderbouwd"],
                    }
                )
        spec_rows.append(
            {
                "crebo": crebo, "naam": info["naam"], "niveau": info["niveau"],
                "btg_code": info["btg_code"], "locations": info["locations"],
                "providers": info["providers"], "offerings": info["offerings"],
                "studenten": info["studenten"],
                "gemeenten_reachable": info["gemeenten_reachable"],
                "population_share": info["population_share"], "recent_starts": len(starts),
                "recent_starts_flagged": sum(1 for o in starts if not o["onderbouwd"]),
            }
        )

    # Sector view and trend.
    catalogue: dict[str, set] = defaultdict(set)
    for r in _records(opleidingen):
        catalogue[str(r["btg_code"])].add(str(r["crebo"]))
    sector_rows = []
    for btg in sorted(set(catalogue) | {o["btg_code"] for o in offers}):
        offs = [o for o in offers if o["btg_code"] == btg]
        stud = sum(o["studenten"] for o in offs)
        per_region: dict[str, int] = defaultdict(int)
        for o in offs:
            per_region[o["region"]] += o["studenten"]
        sector_rows.append(
            {
                "btg_code": btg, "programmes": len({o["crebo"] for o in offs}),
                "programmes_catalogue": len(catalogue.get(btg, set())),
                "offerings": len(offs), "institutions": len({o["instelling_id"] for o in offs}),
                "locations": len({o["locatie_id"] for o in offs}), "studenten": stud,
                "gemeenten": len({o["gemeente_code"] for o in offs}),
                "regions": len({o["region"] for o in offs}),
                "largest_region_share": max(per_region.values()) / stud if stud > 0
                else float("nan"),
                "offerings_low_enrolment": sum(
                    1 for o in offs if o["studenten"] < params.low_enrolment_threshold),
            }
        )
    btg_of = {o["id"]: o["btg_code"] for o in offers}
    trend: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0])
    for r in _records(inschrijvingen):
        if "btg_code" in r:
            btg = str(r["btg_code"])
        elif int(r["aanbod_id"]) in btg_of:
            btg = btg_of[int(r["aanbod_id"])]
        else:
            continue
        cell = trend[(btg, int(r["jaar"]))]
        cell[0] += int(r["studenten"])
        cell[1] += 1 if int(r["studenten"]) > 0 else 0
    trend_rows = []
    for (btg, jaar), (stud, n) in sorted(trend.items()):
        prev = trend.get((btg, jaar - 1))
        change = stud - prev[0] if prev is not None else float("nan")
        trend_rows.append(
            {
                "btg_code": btg, "jaar": jaar, "studenten": stud, "offerings": n,
                "change": change,
                "change_pct": change / prev[0] * 100.0 if prev is not None and prev[0] > 0
                else float("nan"),
            }
        )

    frames = {
        "coverage_by_gemeente_programme": cov_rows, "coverage_by_programme": prog_rows,
        "coverage_by_btg_niveau": group_rows, "coverage_by_region": region_rows,
        "coverage_national": national_rows, "white_spots": white_rows,
        "accessibility_2sfca": acc_rows, "overlap_pairs": pair_rows,
        "overlap_scores_region": region_scores, "overlap_scores_btg": btg_scores,
        "thinning_offerings": thin_rows, "specialist_programmes": spec_rows,
        "specialist_starts": start_rows, "sector_view": sector_rows, "sector_trend": trend_rows,
    }
    out = {name: schema.conform(name, pd.DataFrame(rows)) for name, rows in frames.items()}

    total_row = national_rows[-1]
    n_ws_groups = sum(1 for v in group_reach.values() if not v)
    summary = {
        "programmes_offered": len(programmes),
        "offerings": len(offers),
        "studenten": sum(o["studenten"] for o in offers),
        "overlap_pairs": len(pair_rows),
        "overlap_flagged": sum(1 for p in pair_rows if p["flagged"]),
        "overlap_flagged_same_gemeente": sum(
            1 for p in pair_rows if p["flagged"] and p["same_gemeente"]),
        "thinning_risk": sum(1 for r in thin_rows if r["thinning_risk"]),
        "low_enrolment": sum(1 for r in thin_rows if r["low_enrolment"]),
        "sole_provider_krimp": sum(1 for r in thin_rows
                                   if r["sole_provider_region"] and r["krimp"]),
        "specialist_programmes": len(spec_rows),
        "specialist_recent_starts": len(start_rows),
        "specialist_recent_starts_flagged": sum(1 for r in start_rows if r["flagged"]),
        "institutions": len({o["instelling_id"] for o in offers}),
        "locations": len({o["locatie_id"] for o in offers}),
        "inwoners": total_inw,
        "national_coverage_share": total_row["coverage_share"],
        "mean_programme_share": total_row["mean_programme_share"],
        "covered_population_sum": total_row["covered_population_sum"],
        "white_spot_population_sum": total_row["white_spot_population_sum"],
        "white_spot_pairs": total_row["white_spot_pairs"],
        "white_spots_btg_niveau": n_ws_groups,
        "white_spot_population_btg_niveau": sum(r["inwoners"] for r in white_rows),
    }
    return IndicatorResult(params=params, summary=summary, **out)
