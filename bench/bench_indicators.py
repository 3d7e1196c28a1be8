"""Benchmark of the indicator engine; prints ONE JSON line of figures on stdout.

Run: ``.venv/bin/python -m bench.bench_indicators`` (``make bench``). Progress goes to stderr.

Data: the REAL 342 gemeenten (centroids, inhabitants, arbeidsmarktregio's, provinces; "Bron:
CBS, PDOK") and the real SBB crebo catalogue when available, with a SYNTHETIC, seeded
portfolio on top: 57 institutions, ~600 locations, ~10,000 offerings (and a 10x scale-up
with 10x locations and offerings). Krimp gemeenten are synthetic too (small gemeenten in
Groningen, Drenthe, Zeeland and Limburg). Nothing synthetic here is real data.

Gemeenten are read from ``data/reference/gemeenten.csv`` (the project's derived file) when it
exists, else from ``$MBO_RAW_DATA`` (a directory holding ``gemeenten_2025_combined.csv``,
or that file itself), else from ``/work/shared/data/raw/gemeenten_2025_combined.csv``.

Figures: ``national_compute_s`` (median of 5 ``compute_all`` calls, compute only; also the
fastest as ``national_compute_min_s``),
``scale10_compute_s``, ``synthetic_portfolio_generate_s`` (the seeded demo portfolio of
``make run``, median of 3), ``whatif_median_ms`` / ``whatif_p95_ms`` (single random changes on the
national set), ``reference_s`` and ``reference_ratio`` (fastest of 2 plain-loop reference
runs / fastest of 5 engine runs on the national set; ``reference_ratio_median`` is the
median-based ratio), ``national_total_s`` (a full run through the portal's own service on the
``make run`` data set in a scratch SQLite database: load from the registry + compute + store,
median of 3; also ``national_load_s``, ``national_run_compute_s``, ``national_store_s``),
``peak_mem_mb`` (process peak RSS) and the tracemalloc peaks of the compute
steps, and the 1-minute load average (other processes slow everything down).
Targets on 2 cores: national <= 1 s compute and <= 5 s total, 10x <= 10 s, what-if <= 100 ms,
ratio >= 20.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

from portfolio.indicators import IndicatorParams, compute_all, what_if
from portfolio.indicators_reference import compute_all_reference

DEFAULT_RAW = Path("/work/shared/data/raw")
DERIVED = Path(__file__).resolve().parent.parent / "data" / "reference" / "gemeenten.csv"
SEED = 20251
CURRENT_YEAR = 2025
KRIMP_PROVINCES = {"PV20", "PV22", "PV29", "PV31"}  # Groningen, Drenthe, Zeeland, Limburg
# SBB sectorkamer -> bedrijfstakgroep; niveau 1 is Entree.
SECTORKAMER_BTG = {
    "01": "TGO", "02": "MTLM", "03": "ZWS", "04": "HM", "05": "ICTCI", "06": "VGG",
    "07": "ZDV", "08": "SV", "09": "ENTREE",
}


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _raw_dir() -> Path:
    env = os.environ.get("MBO_RAW_DATA")
    if env:
        p = Path(env)
        return p.parent if p.is_file() else p
    return DEFAULT_RAW


def load_gemeenten() -> pd.DataFrame:
    """The real gemeenten in the engine's input schema (krimp: synthetic, see docstring)."""
    env = os.environ.get("MBO_RAW_DATA")
    if DERIVED.exists():
        path = DERIVED
    elif env and Path(env).is_file():
        path = Path(env)
    else:
        path = _raw_dir() / "gemeenten_2025_combined.csv"
    raw = pd.read_csv(path, dtype=str)

    def col(*names: str) -> pd.Series:
        for name in names:
            if name in raw.columns:
                return raw[name]
        raise KeyError(f"{path}: none of {names}")

    g = pd.DataFrame(
        {
            "code": col("code", "gemeentecode"),
            "lat": col("lat").astype(float),
            "lon": col("lon").astype(float),
            "inwoners": col("inwoners", "inwoners_2024").astype("int64"),
            "arbeidsmarktregio_code": col("arbeidsmarktregio_code", "arbeidsmarktregiocode"),
            "provincie_code": col("provincie_code", "provinciecode"),
        }
    )
    g["jongeren"] = np.nan
    g["krimp"] = g["provincie_code"].isin(KRIMP_PROVINCES) & (g["inwoners"] < 40_000)
    return g


def load_opleidingen(rng: np.random.Generator) -> pd.DataFrame:
    """The SBB catalogue (crebo 25xxx) when present, else 930 synthetic programmes."""
    path = _raw_dir() / "sbb_crebo_kwalificaties_25xxx.csv"
    if path.exists():
        raw = pd.read_csv(path, dtype=str)
        niveau = raw["niveau"].astype("int64")
        btg = raw["sectorkamer_code"].map(SECTORKAMER_BTG).fillna("SV")
        return pd.DataFrame(
            {"crebo": raw["code"], "niveau": niveau,
             "btg_code": np.where(niveau == 1, "ENTREE", btg), "naam": raw["naam"]}
        )
    niveau = rng.choice([1, 2, 3, 4], size=930, p=[0.024, 0.246, 0.33, 0.4])
    btg = rng.choice(list(SECTORKAMER_BTG.values())[:8], size=930)
    return pd.DataFrame(
        {"crebo": [str(25001 + i) for i in range(930)], "niveau": niveau,
         "btg_code": np.where(niveau == 1, "ENTREE", btg),
         "naam": [f"Synthetische opleiding {25001 + i}" for i in range(930)]}
    )


def build_portfolio(gemeenten: pd.DataFrame, opleidingen: pd.DataFrame, scale: int = 1,
                    seed: int = SEED) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Seeded synthetic ``aanbod`` and ``inschrijvingen`` (national shape x ``scale``)."""
    rng = np.random.default_rng(seed + scale)
    n_inst, n_loc, n_off = 57, 600 * scale, 10_000 * scale
    pop = gemeenten["inwoners"].to_numpy(float)
    lat, lon = gemeenten["lat"].to_numpy(), gemeenten["lon"].to_numpy()
    # Institutions: 40 ROCs, 11 AOCs (green sector), 6 specialist colleges.
    kind = np.array(["ROC"] * 40 + ["AOC"] * 11 + ["VAK"] * 6)
    home = rng.choice(len(gemeenten), size=n_inst, replace=False, p=pop / pop.sum())
    weight = np.where(kind == "ROC", 12.0, np.where(kind == "AOC", 8.0, 3.0))
    loc_inst = rng.choice(n_inst, size=n_loc, p=weight / weight.sum())
    # A location lies in a gemeente within ~35 km of its institution's home, by population.
    loc_gem = np.empty(n_loc, np.int64)
    for i in range(n_inst):
        members = np.flatnonzero(loc_inst == i)
        d = np.hypot((lat - lat[home[i]]) * 111.0, (lon - lon[home[i]]) * 68.0)
        near = np.flatnonzero(d < 35.0)
        p = pop[near] ** 0.8
        loc_gem[members] = rng.choice(near, size=len(members), p=p / p.sum())
    loc_lat = lat[loc_gem] + rng.normal(0, 0.01, n_loc)
    loc_lon = lon[loc_gem] + rng.normal(0, 0.015, n_loc)
    loc_weight = rng.lognormal(0, 0.6, n_loc)
    # Programme popularity: heavy-tailed; about one in eight is a small specialist programme.
    n_prog = len(opleidingen)
    popularity = rng.lognormal(0, 1.1, n_prog)
    popularity[rng.random(n_prog) < 0.12] = 0.02
    per_prog = np.maximum(1, np.round(popularity / popularity.sum() * n_off)).astype(int)
    prog_btg = opleidingen["btg_code"].to_numpy()
    inst_kind_loc = kind[loc_inst]
    rows_prog, rows_loc = [], []
    for p in range(n_prog):
        affinity = np.where(
            inst_kind_loc == "ROC", 1.0,
            np.where(inst_kind_loc == "AOC", 3.0 if prog_btg[p] == "VGG" else 0.02, 0.15),
        )
        prob = loc_weight * affinity
        locs = rng.choice(n_loc, size=per_prog[p], p=prob / prob.sum())
        rows_prog.append(np.full(per_prog[p], p))
        rows_loc.append(locs)
    prog = np.concatenate(rows_prog)
    loc = np.concatenate(rows_loc)
    leerweg = np.where(rng.random(len(prog)) < 0.65, "BOL", "BBL")
    df = pd.DataFrame({"p": prog, "loc": loc, "leerweg": leerweg}).drop_duplicates()
    n = len(df)
    p, loc = df["p"].to_numpy(), df["loc"].to_numpy()
    studenten = np.round(rng.lognormal(3.2, 0.9, n)).astype(np.int64)
    recent = rng.random(n) < 0.06
    startjaar = np.where(recent, rng.integers(CURRENT_YEAR - 2, CURRENT_YEAR + 1, n),
                         rng.integers(1996, CURRENT_YEAR - 2, n))
    studenten = np.where(startjaar == CURRENT_YEAR, rng.integers(0, 12, n), studenten)
    cap = np.where(rng.random(n) < 0.3, np.round(studenten * rng.uniform(1.0, 1.5, n)), np.nan)
    aanbod = pd.DataFrame(
        {
            "id": np.arange(1, n + 1), "instelling_id": loc_inst[loc] + 1,
            "crebo": opleidingen["crebo"].to_numpy()[p],
            "niveau": opleidingen["niveau"].to_numpy()[p], "btg_code": prog_btg[p],
            "leerweg": df["leerweg"].to_numpy(), "locatie_id": loc + 1,
            "gemeente_code": gemeenten["code"].to_numpy()[loc_gem[loc]],
            "lat": loc_lat[loc], "lon": loc_lon[loc], "studenten": studenten,
            "capaciteit": cap, "onderbouwd": rng.random(n) < 0.15, "startjaar": startjaar,
        }
    )
    # Five years of enrolment history (from the start year on), drifting to today's count.
    first = np.maximum(startjaar, CURRENT_YEAR - 4)
    years = CURRENT_YEAR - first + 1
    idx = np.repeat(np.arange(n), years)
    jaar = np.concatenate([np.arange(f, CURRENT_YEAR + 1) for f in first])
    drift = 1.0 + 0.04 * (CURRENT_YEAR - jaar) * rng.normal(0, 1, len(idx))
    inschrijvingen = pd.DataFrame(
        {"aanbod_id": idx + 1, "jaar": jaar,
         "studenten": np.maximum(0, np.round(studenten[idx] * drift)).astype(np.int64)}
    )
    return aanbod, inschrijvingen


def random_changes(aanbod: pd.DataFrame, rng: np.random.Generator, count: int) -> list[dict]:
    """``count`` single-change sets: start / stop / expand / scale_down, evenly mixed."""
    locs = aanbod.drop_duplicates("locatie_id")
    existing = set(zip(aanbod["instelling_id"], aanbod["crebo"], aanbod["locatie_id"],
                       aanbod["leerweg"], strict=True))
    out = []
    for k in range(count):
        action = ("start", "stop", "expand", "scale_down")[k % 4]
        row = aanbod.iloc[int(rng.integers(len(aanbod)))]
        if action == "start":
            while True:  # a start must be a new offering
                loc = locs.iloc[int(rng.integers(len(locs)))]
                leerweg = "BBL" if k % 8 else "BOL"
                key = (loc["instelling_id"], row["crebo"], loc["locatie_id"], leerweg)
                if key not in existing:
                    break
                row = aanbod.iloc[int(rng.integers(len(aanbod)))]
            out.append([{"action": "start", "instelling_id": int(loc["instelling_id"]),
                         "crebo": row["crebo"], "leerweg": leerweg,
                         "locatie_id": int(loc["locatie_id"]), "studenten": 20}])
        else:
            out.append([{"action": action, "aanbod_id": int(row["id"]),
                         "studenten_delta": 10}])
    return out


def _timed(fn, *args, **kwargs):
    t0 = time.perf_counter()
    value = fn(*args, **kwargs)
    return time.perf_counter() - t0, value


def _traced_peak_mb(fn, *args) -> float:
    tracemalloc.start()
    fn(*args)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def _synthetic_generate_s() -> float | None:
    """Time of ``portfolio.synthetic.generate_portfolio`` on the derived reference files (the
    demo data of ``make run``); None when the derived files are missing."""
    from portfolio.synthetic import generate_portfolio

    ref = DERIVED.parent
    names = ("gemeenten.csv", "instellingen.csv", "opleidingen.csv")
    if not all((ref / n).exists() for n in names):
        return None
    frames = [pd.read_csv(ref / n, dtype=str, keep_default_na=False) for n in names]
    generate_portfolio(*frames)  # warm-up
    return round(statistics.median(_timed(generate_portfolio, *frames)[0] for _ in range(3)), 3)


def _national_run_timings(runs: int = 3) -> dict:
    """A full indicator run through the portal's own service on the default data set of
    ``make run`` (real reference data + the seeded synthetic portfolio) in a scratch SQLite
    database: load from the registry + compute + store, median of ``runs`` runs."""
    import shutil
    import tempfile

    scratch = Path(tempfile.mkdtemp(prefix="mbo-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
    os.environ.pop("REDIS_URL", None)  # the run executes in this process
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mbo_regie.settings")
    try:
        import django
        from django.core.management import call_command

        django.setup()
        from portfolio import indicator_services, services
        from portfolio.models import Aanbod, IndicatorRun

        call_command("migrate", verbosity=0)
        services.reference_data_load()
        services.synthetic_portfolio_load()
        timings = []
        for _ in range(runs):
            run = indicator_services.indicator_run_request()  # in process: runs at once
            run.refresh_from_db()
            if run.status == IndicatorRun.Status.QUEUED:
                indicator_services.indicator_run_execute(run_id=run.pk)
                run.refresh_from_db()
            assert run.status == IndicatorRun.Status.DONE, run.error
            timings.append(run.timings)
        offerings = Aanbod.objects.count()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    def med(key: str) -> float:
        return round(statistics.median(t[key] for t in timings), 3)

    return {"national_total_s": med("total_s"), "national_load_s": med("load_s"),
            "national_run_compute_s": med("compute_s"), "national_store_s": med("store_s"),
            "national_run_offerings": offerings}


def main() -> dict:
    """Run the benchmark and return the figures (also printed as one JSON line)."""
    started = time.perf_counter()
    rng = np.random.default_rng(SEED)
    gemeenten = load_gemeenten()
    opleidingen = load_opleidingen(rng)
    params = IndicatorParams(current_year=CURRENT_YEAR)
    aanbod, ins = build_portfolio(gemeenten, opleidingen, 1)
    aanbod10, ins10 = build_portfolio(gemeenten, opleidingen, 10)
    log(f"national: {len(aanbod)} offerings, {aanbod['locatie_id'].nunique()} locations, "
        f"{aanbod['crebo'].nunique()} programmes; 10x: {len(aanbod10)} offerings")
    args = (gemeenten, aanbod, opleidingen, ins, params)

    compute_all(*args)  # warm-up: imports and first-call allocations
    runs = [_timed(compute_all, *args) for _ in range(5)]
    national_s = statistics.median(t for t, _ in runs)
    base = runs[-1][1]
    log(f"national compute {national_s:.3f}s; steps {base.timings}")

    scale10_s, res10 = _timed(compute_all, gemeenten, aanbod10, opleidingen, ins10, params)
    log(f"10x compute {scale10_s:.3f}s; steps {res10.timings}")
    del res10

    change_sets = random_changes(aanbod, np.random.default_rng(SEED + 7), 200)
    for cs in change_sets[:8]:
        what_if(base, cs)  # warm-up: fills the per-crebo caches of the base result
    latencies = [_timed(what_if, base, cs)[0] * 1000.0 for cs in change_sets]
    log(f"what-if median {statistics.median(latencies):.1f} ms")

    reference_s, ref = _timed(compute_all_reference, *args)
    log(f"reference {reference_s:.1f}s")
    same_summary = all(
        np.isclose(ref.summary[k], base.summary[k], rtol=1e-9) for k in base.summary
    )

    synthetic_s = _synthetic_generate_s()
    log(f"synthetic portfolio generation {synthetic_s:.2f}s")

    reference_min_s = min(reference_s, _timed(compute_all_reference, *args)[0])
    log(f"reference (fastest of 2) {reference_min_s:.1f}s")

    run_timings = _national_run_timings()
    log(f"national run through the portal: {run_timings}")

    national_peak = _traced_peak_mb(compute_all, *args)
    scale10_peak = _traced_peak_mb(compute_all, gemeenten, aanbod10, opleidingen, ins10, params)
    figures = {
        "national_compute_s": round(national_s, 4),
        "national_compute_min_s": round(min(t for t, _ in runs), 4),
        "scale10_compute_s": round(scale10_s, 4),
        "whatif_median_ms": round(statistics.median(latencies), 2),
        "whatif_p95_ms": round(float(np.percentile(latencies, 95)), 2),
        "whatif_runs": len(latencies),
        "reference_s": round(reference_s, 3),
        # The same estimator on both sides: fastest engine run vs fastest reference run.
        "reference_ratio": round(reference_min_s / min(t for t, _ in runs), 1),
        "reference_ratio_median": round(reference_s / national_s, 1),
        **run_timings,
        "reference_summary_equal": bool(same_summary),
        "peak_mem_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "national_traced_peak_mb": round(national_peak, 1),
        "scale10_traced_peak_mb": round(scale10_peak, 1),
        "national_offerings": len(aanbod),
        "national_locations": int(aanbod["locatie_id"].nunique()),
        "national_programmes": int(aanbod["crebo"].nunique()),
        "scale10_offerings": len(aanbod10),
        "overlap_pairs_national": base.summary["overlap_pairs"],
        "synthetic_portfolio_generate_s": synthetic_s,
        "cores": os.cpu_count(),
        # Other processes on the machine inflate every figure; report how busy it was.
        "load_avg_1min": round(os.getloadavg()[0], 2),
        "synthetic": True,
        "bench_runtime_s": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(figures), flush=True)
    return figures


if __name__ == "__main__":
    main()
