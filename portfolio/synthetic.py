"""Deterministic SYNTHETIC national MBO portfolio: locations, offerings and enrolments.

Real student counts per offering and real vestigingen are not available (see
``data/reference/README.md``), so the portal runs on a generated portfolio built on the REAL
reference data (gemeenten, instellingen, opleidingen). Everything produced here is synthetic
and must be labelled as such wherever it is shown. Pure pandas/numpy: no ORM, no I/O.

Targets for the latest year (sources):
- about 505,000 students: DUO counted ~515,000 mbo students in 2023-24; the MBO Raad
  SMJP 2022-2030 (seeds) speaks of "zo'n 500.000" per year.
- niveau shares 4 % / 17.5 % / 23.5 % / 55 % for niveau 1-4 and a BBL share of ~23 %:
  well-known DUO figures (BBL ~22-25 % of enrolment; the kamerbrief in the seeds reports a
  BBL share of 31 % of the *intake* in 2023-24, which is higher than the share of all students).
- yearly trend: -0.5 % nationally, -1.5 % in anticipeerregio's, -3 % in krimpregio's.

Shape: ROCs broad and regional (home gemeente plus gemeenten in and near their
arbeidsmarktregio), AOCs green (btg VGG), vakinstellingen specialist with few locations.
Overlaps (several institutions with one programme in one gemeente, a few with a recorded
justification) and white spots (remote gemeenten far from any location of a programme)
arise from that and are kept on purpose: the indicators need something to find.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

TOTAL_STUDENTS = 505_000
NIVEAU_SHARE = {1: 0.04, 2: 0.175, 3: 0.235, 4: 0.55}
BBL_SHARE = {1: 0.03, 2: 0.36, 3: 0.34, 4: 0.16}  # gives ~23 % BBL overall
TREND = {"": -0.005, "anticipeerregio": -0.015, "krimpregio": -0.03}
DURATION = {1: 1.0, 2: 2.0, 3: 3.0, 4: 3.5}  # years; a new offering fills up over this time
YEARS = tuple(range(2020, 2026))  # school years by the calendar year they start
STUDENTS_PER_SLOT = 70  # national demand per programme-location: sets the offering count

# Rough student share per SBB hoofdgroep and the BBL propensity of its programmes.
HOOFDGROEP = {  # code: (share, bbl propensity)
    "hg001": (0.025, 0.55), "hg002": (0.04, 0.03), "hg003": (0.025, 0.35),
    "hg004": (0.045, 0.6), "hg005": (0.09, 0.12), "hg006": (0.07, 0.25),
    "hg007": (0.04, 0.3), "hg008": (0.06, 0.08), "hg009": (0.045, 0.05),
    "hg010": (0.05, 0.35), "hg011": (0.08, 0.45), "hg012": (0.02, 0.08),
    "hg013": (0.045, 0.4), "hg014": (0.025, 0.2), "hg015": (0.06, 0.12),
    "hg016": (0.05, 0.3), "hg017": (0.23, 0.3),
}
GREEN_HOOFDGROEP = "hg016"  # Voedsel, natuur en leefomgeving: the AOC core
# Well-known large programmes (and a few small ones): a multiplier on the random popularity,
# so the synthetic ranking looks familiar (nursing, care, childcare, ICT, retail at the top).
POPULARITY = {
    r"^mbo-verpleegkundige": 12.0, r"^verzorgende-ig": 10.0, r"^sociaal werker": 6.0,
    r"^pedagogisch medewerker kinderopvang": 6.0, r"^software developer": 6.0,
    r"begeleider specifieke doelgroepen": 4.0, r"^onderwijsassistent": 4.0,
    r"^doktersassistent": 4.0, r"^helpende zorg": 3.0, r"^(?:zelfstandig werkend )?kok$": 3.0,
    r"^logistiek medewerker": 3.0, r"^(?:eerste )?autotechnicus": 3.0, r"^beveiliger": 3.0,
    r"^(?:medewerker ict support|expert it systems)": 3.0, r"^juridisch": 3.0,
    r"^(?:verkoopspecialist|retailmedewerker|manager retail)$": 3.0, r"kapper": 2.5,
    r"accountmanager|^commercieel medewerker": 2.5, r"^(?:mediavormgever|mediamaker)": 2.5,
    r"^(?:eerste )?monteur elektrotechnische installaties": 2.5, r"^(?:allround )?timmerman": 2.0,
    r"^(?:acteur|danser|musicalperformer|muzikant)": 0.3,
}

# Vakinstellingen: their specialism as SBB subgroepen and/or a name pattern.
VAK_FOCUS = {
    "02OV": ({"sg027"}, r"instrument"),  # Leidse instrumentmakers School
    "02PA": ({"sg014", "sg023", "sg032", "sg033"}, None),  # Mediacollege Amsterdam
    "02PG": ({"sg022"}, r"interieur"),  # HMC: hout, meubel, interieur
    "02PK": ({"sg049"}, r"schilder|stukado|glaszet"),  # Nimeto: afbouw en onderhoud
    "02PN": ({"sg032", "sg033", "sg043"}, None),  # Cibap: vormgeving
    "04NZ": ({"sg024"}, r"gww|straatma|landmeet|beton|asfalt|opperman"),  # SOMA: infra
    "05EA": ({"sg028", "sg040", "sg044", "sg057"}, None),  # STC: haven, scheepvaart, logistiek
    "17WH": ({"sg005", "sg053"}, None),  # SVO: vers en bakkerij
    "23JA": ({"sg014", "sg032", "sg033", "sg043"}, None),  # Grafisch Lyceum Rotterdam
    "23KG": ({"sg014", "sg032", "sg033", "sg043"}, None),  # Grafisch Lyceum Utrecht
    "25LV": ({"sg015", "sg021", "sg051"}, None),  # De Rooi Pannen: horeca, toerisme
    "30BC": ({"sg032", "sg033", "sg035", "sg043"}, None),  # SintLucas: creatief
}
# Publicly known other seats (gemeente only: street addresses stay unknown), and ROCs
# whose reach is denominational rather than regional, so they stay small.
EXTRA_SEATS = {
    "09MR": ["GM0664", "GM0166", "GM0599"],  # Hoornbeeck: Goes, Kampen, Rotterdam
    "14NZ": ["GM0193"],  # Menso Alting: Zwolle
    "02PG": ["GM0599"],  # HMC: Rotterdam
    "30BC": ["GM0757"],  # SintLucas: Boxtel
    "25LV": ["GM0758", "GM0855"],  # De Rooi Pannen: Breda, Tilburg
}
SMALL_ROCS = {"09MR": 0.7, "14NZ": 0.2}  # relative size

THEMAS = ["duurzaamheid", "digitalisering", "internationale oriëntatie", "ondernemerschap",
          "praktijkleren in de wijk", "topsport en talent", "zorgtechnologie", "circulair werken"]


def generate_portfolio(gemeenten: pd.DataFrame, instellingen: pd.DataFrame,
                       opleidingen: pd.DataFrame, *, seed: int = 2025,
                       years: tuple[int, ...] = YEARS) -> dict[str, pd.DataFrame]:
    """Generate locaties, aanbod and inschrijvingen; the same seed gives identical frames."""
    _require(gemeenten, ["code", "naam", "arbeidsmarktregio_code", "lat", "lon", "inwoners",
                         "krimp_status"], "gemeenten")
    _require(instellingen, ["brin", "naam", "type", "denominatie", "home_gemeente_code"],
             "instellingen")
    _require(opleidingen, ["crebo", "naam", "niveau", "sectorkamer_code", "btg_code",
                           "hoofdgroep_code", "subgroep_code", "specialistisch"], "opleidingen")
    rng = np.random.default_rng(seed)
    gm = _gemeenten(gemeenten)
    inst = instellingen.astype(str).sort_values("brin").reset_index(drop=True)
    progs = _programmes(opleidingen, rng)
    locaties = _locaties(gm, inst, rng)
    slots = _slots(progs, inst, locaties, gm, rng)
    aanbod = _aanbod(slots, progs, rng, first=min(years), latest=max(years))
    aanbod = _planned(aanbod, progs, locaties, rng, latest=max(years))
    # Students per offering scale with the institution: vakscholen draw students nationally.
    pull = _institution_size(inst, gm) * inst["type"].map({"VAK": 6.0, "AOC": 4.0}).fillna(
        1.0).to_numpy()
    pull = pd.Series(pull * rng.lognormal(0, 0.25, len(inst)), index=inst["brin"])
    aanbod, inschrijvingen = _enrolments(aanbod, progs, locaties, gm, pull, rng, years)
    aanbod = _justifications(aanbod, inst, locaties, gm, rng, latest=max(years))
    return {"locaties": locaties, "aanbod": aanbod, "inschrijvingen": inschrijvingen}


def summary(result: dict[str, pd.DataFrame], opleidingen: pd.DataFrame) -> dict:
    """Totals and shares of the latest year (students per niveau and leerweg, offerings)."""
    ins = result["inschrijvingen"]
    latest = int(ins["jaar"].max())
    niveau = opleidingen.set_index(opleidingen["crebo"].astype(str))["niveau"].astype(int)
    now = ins[ins["jaar"] == latest].assign(niveau=lambda d: d["crebo"].map(niveau))
    total = int(now["studenten"].sum())
    aanbod = result["aanbod"]
    return {
        "jaar": latest,
        "studenten": total,
        "studenten_per_jaar": {int(y): int(n) for y, n in ins.groupby("jaar")["studenten"].sum()
                               .items()},
        "aanbod": len(aanbod),
        "aanbod_per_status": {k: int(v) for k, v in aanbod["status"].value_counts().items()},
        "locaties": len(result["locaties"]),
        "aandeel_niveau": {int(k): round(v / total, 4)
                           for k, v in now.groupby("niveau")["studenten"].sum().items()},
        "aandeel_leerweg": {k: round(v / total, 4)
                            for k, v in now.groupby("leerweg")["studenten"].sum().items()},
    }


def _require(frame: pd.DataFrame, columns: list[str], name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name}: missing column(s) {', '.join(missing)}")


def _gemeenten(gemeenten: pd.DataFrame) -> pd.DataFrame:
    gm = gemeenten[["code", "naam", "arbeidsmarktregio_code", "lat", "lon", "inwoners",
                    "krimp_status"]].copy()
    for col in ("lat", "lon", "inwoners"):
        gm[col] = pd.to_numeric(gm[col])
    gm["krimp_status"] = gm["krimp_status"].fillna("").astype(str)
    return gm.sort_values("code").set_index("code")


def _programmes(opleidingen: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Programmes with national demand; only the newest crebo of a name and level is current."""
    p = opleidingen.astype(str).sort_values("crebo").reset_index(drop=True)
    p["niveau"] = p["niveau"].astype(int)
    key = p["naam"].str.lower().str.strip() + "|" + p["niveau"].astype(str)
    p["current"] = ~key.duplicated(keep="last")
    p["successor"] = key.map(p.groupby(key)["crebo"].max())
    share = p["hoofdgroep_code"].map(lambda c: HOOFDGROEP.get(c, (0.02, 0.25))[0])
    bbl = p["hoofdgroep_code"].map(lambda c: HOOFDGROEP.get(c, (0.02, 0.25))[1])
    p["bbl"] = bbl * p["niveau"].map({1: 0.1, 2: 1.2, 3: 1.2, 4: 0.6})
    raw = rng.lognormal(0.0, 0.7, len(p)) * np.where(p["specialistisch"] == "1", 0.3, 1.0)
    naam = p["naam"].str.lower()
    for pattern, factor in POPULARITY.items():
        raw = raw * np.where(naam.str.contains(pattern, regex=True), factor, 1.0)
    w = pd.Series(np.where(p["current"], raw, 0.0))
    for _ in range(4):  # rake to the hoofdgroep shares, then to the niveau shares
        w *= share / w.groupby(p["hoofdgroep_code"]).transform("sum").replace(0, 1)
        w *= p["niveau"].map(NIVEAU_SHARE) / w.groupby(p["niveau"]).transform("sum")
    p["demand"] = w / w.sum() * TOTAL_STUDENTS
    return p


def _km(lat1, lon1, lat2, lon2):
    """Approximate distance in km (equirectangular; fine within the Netherlands)."""
    dx = (np.asarray(lon2) - lon1) * 111.32 * math.cos(math.radians(52.2))
    return np.hypot(dx, (np.asarray(lat2) - lat1) * 110.57)


def _locaties(gm: pd.DataFrame, inst: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Locations: ROCs in and near their labour-market region, AOCs wider, VAKs at seats."""
    regio_pop = gm.groupby("arbeidsmarktregio_code")["inwoners"].sum()
    roc_home_regio = gm.loc[inst.loc[inst["type"] == "ROC", "home_gemeente_code"],
                            "arbeidsmarktregio_code"].value_counts()
    rows = []
    for it in inst.itertuples():
        home = gm.loc[it.home_gemeente_code]
        seats = [it.home_gemeente_code] + EXTRA_SEATS.get(it.brin, [])
        dist = _km(home.lat, home.lon, gm["lat"], gm["lon"])
        if it.type == "ROC" and it.brin not in SMALL_ROCS:
            share = regio_pop[home.arbeidsmarktregio_code] / roc_home_regio[
                home.arbeidsmarktregio_code]
            n = int(np.clip(round(share / 90_000) + 2, 3, 12))
            seats += [it.home_gemeente_code] * int(home.inwoners // 250_000)
            near = (gm["arbeidsmarktregio_code"] == home.arbeidsmarktregio_code) | (dist < 30)
            weight = gm["inwoners"] * np.where(
                gm["arbeidsmarktregio_code"] == home.arbeidsmarktregio_code, 1.0, 0.3) * near
        elif it.type == "AOC":
            n = int(rng.integers(4, 8))
            weight = np.sqrt(gm["inwoners"]) * (dist < 70)
        else:
            n, weight = len(seats), gm["inwoners"] * 0
        weight = weight.drop(index=[s for s in seats if s in weight.index], errors="ignore")
        k = min(max(n - len(seats), 0), int((weight > 0).sum()))
        if k:
            seats += list(rng.choice(weight.index, size=k, replace=False, p=weight / weight.sum()))
        seen: dict[str, int] = {}
        for i, code in enumerate(seats, 1):
            seen[code] = seen.get(code, 0) + 1
            plaats = gm.at[code, "naam"].split(" (")[0]
            suffix = f" {seen[code]}" if seen[code] > 1 else ""
            rows.append({
                "key": f"{it.brin}-{i:02d}", "brin": it.brin,
                "naam": f"{it.naam} – locatie {plaats}{suffix}", "gemeente_code": code,
                "lat": round(gm.at[code, "lat"] + rng.normal(0, 0.01), 5),
                "lon": round(gm.at[code, "lon"] + rng.normal(0, 0.015), 5),
                "adres": "", "postcode": "",  # real addresses are unknown: never invent them
            })
    return pd.DataFrame(rows)


def _provider_weights(progs: pd.DataFrame, inst: pd.DataFrame, gm: pd.DataFrame) -> np.ndarray:
    """programme x institution weight: ROCs broad, AOCs green, VAKs only their focus."""
    green = (progs["hoofdgroep_code"] == GREEN_HOOFDGROEP).to_numpy()[:, None]
    vgg = (progs["btg_code"] == "VGG").to_numpy()[:, None]
    ent = (progs["btg_code"] == "ENT").to_numpy()[:, None]
    size = _institution_size(inst, gm)
    is_roc = (inst["type"] == "ROC").to_numpy()[None, :]
    is_aoc = (inst["type"] == "AOC").to_numpy()[None, :]
    w = np.where(is_roc, np.where(green, 0.2, 1.0), 0.0)
    w = w + np.where(is_aoc, np.where(green, 8.0, np.where(vgg, 0.6, np.where(ent, 0.5, 0.0))),
                     0.0)
    return w * size[None, :]


def _institution_size(inst: pd.DataFrame, gm: pd.DataFrame) -> np.ndarray:
    """Relative size: ROCs by the population they share with other ROCs in their region."""
    regio = gm.loc[inst["home_gemeente_code"], "arbeidsmarktregio_code"].to_numpy()
    pop = gm.groupby("arbeidsmarktregio_code")["inwoners"].sum()
    n_roc = pd.Series(regio[inst["type"] == "ROC"]).value_counts()
    size = np.array([math.sqrt(pop[r] / n_roc.get(r, 1) / 300_000) for r in regio])
    size = np.where(inst["type"] == "ROC", size, 1.0)
    return np.where(inst["brin"].isin(SMALL_ROCS), inst["brin"].map(SMALL_ROCS), size)


def _vak_focus(progs: pd.DataFrame, brin: str) -> np.ndarray:
    groups, pattern = VAK_FOCUS.get(brin, (set(), None))
    hit = progs["subgroep_code"].isin(groups) | progs["hoofdgroep_code"].isin(groups)
    if pattern:
        hit |= progs["naam"].str.contains(pattern, case=False, regex=True)
    return (hit & progs["current"]).to_numpy()


def _slots(progs, inst, locaties, gm, rng) -> pd.DataFrame:
    """Choose (programme, institution, location) triples for the current programmes."""
    weights = _provider_weights(progs, inst, gm)
    loc_by_brin = dict(list(locaties.groupby("brin", sort=True)))
    affinity = {}  # per institution: location x sectorkamer preference (sector colleges)
    for b, d in loc_by_brin.items():
        size = (gm.loc[d["gemeente_code"], "inwoners"].to_numpy() / 50_000) ** 0.3
        size[0] *= 2.0  # the main seat is the largest location
        affinity[b] = rng.gamma(0.8, size=(len(d), 9)) * size[:, None]
    out = []

    def place(i: int, b: str, count: int) -> None:
        d = loc_by_brin[b]
        a = affinity[b][:, int(progs.at[i, "sectorkamer_code"]) - 1] ** 2
        for j in rng.choice(len(d), size=min(count, len(d)), replace=False, p=a / a.sum()):
            out.append((i, b, d["key"].iat[j]))

    for b in inst.loc[inst["type"] == "VAK", "brin"]:
        for i in np.flatnonzero(_vak_focus(progs, b)):
            if rng.random() < 0.65:
                place(i, b, 1 + int(rng.random() < 0.3))
    for i in np.flatnonzero(progs["current"].to_numpy()):
        slots = progs.at[i, "demand"] / STUDENTS_PER_SLOT * rng.lognormal(0, 0.25)
        slots = int(np.clip(round(slots), 1, 3 if progs.at[i, "specialistisch"] == "1" else 150))
        w = weights[i]
        chosen = rng.choice(len(w), size=min(slots, int((w > 0).sum())), replace=False,
                            p=w / w.sum())
        extra = slots - len(chosen)
        for rank, c in enumerate(chosen[np.argsort(-w[chosen], kind="stable")]):
            place(i, inst.at[c, "brin"], 1 + extra // len(chosen) + (rank < extra % len(chosen)))
    return pd.DataFrame(out, columns=["prog", "brin", "locatie_key"])


def _aanbod(slots: pd.DataFrame, progs: pd.DataFrame, rng, first: int, latest: int
            ) -> pd.DataFrame:
    """Offerings per leerweg, with status and start year."""
    bbl = progs.loc[slots["prog"], "bbl"].to_numpy()
    has_bbl = rng.random(len(slots)) < np.clip(0.1 + 1.3 * bbl, 0, 0.95)
    has_bol = (rng.random(len(slots)) < np.clip(1.05 - 0.9 * bbl, 0.3, 0.98)) | ~has_bbl
    rows = pd.concat([slots[has_bol].assign(leerweg="BOL"), slots[has_bbl].assign(leerweg="BBL")])
    rows = rows.sort_values(["prog", "brin", "locatie_key", "leerweg"]).reset_index(drop=True)
    n = len(rows)
    rows["crebo"] = progs.loc[rows["prog"], "crebo"].to_numpy()
    # Most offerings are established (fully filled before the first year); a few are new.
    rows["startjaar"] = np.where(rng.random(n) < 0.92, rng.integers(first - 15, first - 3, n),
                                 rng.integers(first - 3, latest + 1, n))
    afbouw = (rng.random(n) < 0.045) & (rows["startjaar"] < first)
    rows["status"] = np.where(afbouw, "in_afbouw", "actief")
    rows["stopjaar"] = np.where(rows["status"] == "in_afbouw", latest + 1, 9999)
    rows["overstap"] = 0  # year the students moved over from a replaced crebo version
    rows["vervangen"] = 0  # 1 on the rows of the replaced (old) version
    # Replaced crebo versions: some offerings still ran the old version until recently.
    old = progs.loc[~progs["current"]].groupby("successor")["crebo"].max()
    swap = rows[rows["crebo"].isin(old.index) & (rng.random(n) < 0.15)].copy()
    stop = rng.integers(latest - 4, latest - 2, len(swap))
    rows.loc[swap.index, "startjaar"] = stop - 1
    rows.loc[swap.index, "overstap"] = stop
    swap = swap.assign(crebo=swap["crebo"].map(old), status="gestopt", stopjaar=stop, vervangen=1,
                       startjaar=rng.integers(first - 15, first - 3, len(swap)))
    swap["prog"] = progs.reset_index().set_index("crebo").loc[swap["crebo"], "index"].to_numpy()
    return pd.concat([rows, swap], ignore_index=True)


def _planned(aanbod: pd.DataFrame, progs: pd.DataFrame, locaties: pd.DataFrame, rng,
             latest: int) -> pd.DataFrame:
    """Planned starts: another school's location in a gemeente that already has the offering."""
    gemeente = aanbod["locatie_key"].map(locaties.set_index("key")["gemeente_code"])
    btg = progs.loc[aanbod["prog"], "btg_code"].to_numpy()
    # Only schools already active in the programme's btg plan a start (an AOC stays green).
    active_in = set(zip(aanbod["brin"], btg, strict=True))
    picks = aanbod[aanbod["status"] == "actief"].sample(n=len(aanbod) // 40, random_state=rng)
    existing = set(zip(aanbod["brin"], aanbod["crebo"], aanbod["locatie_key"], aanbod["leerweg"],
                       strict=True))
    rows = []
    for i, row in picks.iterrows():
        fits = locaties["brin"].map(lambda b, bt=btg[i]: (b, bt) in active_in)
        here = locaties[fits & (locaties["gemeente_code"] == gemeente[i])
                        & (locaties["brin"] != row["brin"])]
        if here.empty:  # no other school here: the same school expands to another location
            here = locaties[(locaties["brin"] == row["brin"])
                            & (locaties["key"] != row["locatie_key"])]
        if here.empty:
            continue
        target = here.iloc[int(rng.integers(len(here)))]
        key = (target["brin"], row["crebo"], target["key"], row["leerweg"])
        if key not in existing:
            existing.add(key)
            rows.append({**row.to_dict(), "brin": target["brin"], "locatie_key": target["key"],
                         "status": "gepland", "startjaar": latest + 1, "stopjaar": 9999})
    return pd.concat([aanbod, pd.DataFrame(rows)], ignore_index=True)


def _enrolments(aanbod, progs, locaties, gm, pull, rng, years):
    """Students per offering and year, scaled to the national niveau x leerweg targets."""
    latest = max(years)
    loc = locaties.set_index("key")
    gcode = loc.loc[aanbod["locatie_key"], "gemeente_code"].to_numpy()
    krimp = gm.loc[gcode, "krimp_status"].to_numpy()
    # Thinning: shrinking regions lose offerings more often (coverage-loss signal).
    p_stop = pd.Series(krimp).map({"krimpregio": 0.12, "anticipeerregio": 0.05}).fillna(0.01)
    thin = ((aanbod["status"] == "actief") & (aanbod["startjaar"] < min(years))).to_numpy() & (
        rng.random(len(aanbod)) < p_stop)
    aanbod.loc[thin, "status"] = "gestopt"
    aanbod.loc[thin, "stopjaar"] = rng.integers(latest - 2, latest, int(thin.sum()))
    p = progs.loc[aanbod["prog"]]
    niveau = p["niveau"].to_numpy()
    bbl_w = np.where(aanbod["leerweg"] == "BBL", p["bbl"], 1 - p["bbl"])
    base = (p["demand"].to_numpy() * bbl_w * rng.lognormal(0, 0.5, len(aanbod))
            * aanbod["brin"].map(pull).to_numpy()
            * (gm.loc[gcode, "inwoners"].to_numpy() / 50_000) ** 0.2)
    trend = 1 + pd.Series(krimp).map(TREND).to_numpy()
    frames = []
    for y in sorted(years):
        k = y - aanbod["startjaar"].to_numpy()
        ramp = np.clip((k + 1) / np.vectorize(DURATION.get)(niveau), 0, 1)
        # A successor crebo takes over what its predecessor loses (0.45 left in its last year).
        overstap = aanbod["overstap"].to_numpy()
        ramp = np.where(overstap > 0, np.where(y >= overstap, 1.0, 0.55), ramp)
        left = aanbod["stopjaar"].to_numpy() - y  # years until the last intake has gone
        fade = np.where(left <= 0, 0.0, np.where(left == 1, 0.45, np.where(left == 2, 0.8, 1.0)))
        fade = np.where((aanbod["vervangen"].to_numpy() == 1) & (left == 2), 1.0, fade)
        value = (base * trend ** (y - latest) * ramp * fade
                 * rng.lognormal(0, 0.05, len(aanbod)))
        value = np.where(aanbod["status"] == "gepland", 0.0, value)
        frames.append(pd.DataFrame({"row": aanbod.index, "jaar": y, "value": value}))
    ins = pd.concat(frames, ignore_index=True)
    ins = ins.join(aanbod[["brin", "crebo", "locatie_key", "leerweg"]], on="row")
    ins["niveau"] = niveau[ins["row"]]
    cell = ins["niveau"].astype(str) + ins["leerweg"]
    now = ins["jaar"] == latest
    target = {f"{n}{lw}": TOTAL_STUDENTS * s * (BBL_SHARE[n] if lw == "BBL" else 1 - BBL_SHARE[n])
              for n, s in NIVEAU_SHARE.items() for lw in ("BOL", "BBL")}
    scale = pd.Series(target) / ins[now].groupby(cell[now])["value"].sum()
    ins["studenten"] = np.round(ins["value"] * cell.map(scale).to_numpy()).astype(int)
    ins = ins[ins["value"] > 0]
    ins["studenten"] = ins["studenten"].clip(lower=1)
    latest_n = ins[ins["jaar"] == latest].set_index("row")["studenten"]
    active = aanbod["status"] == "actief"
    cap = np.ceil(latest_n.reindex(aanbod.index).fillna(20) * rng.uniform(1.05, 1.5, len(aanbod)))
    use_cap = (active & (rng.random(len(aanbod)) < 0.25)) | (aanbod["status"] == "gepland")
    aanbod["capaciteit"] = pd.array(np.where(use_cap, cap, np.nan), dtype="Float64").astype(
        "Int64")
    cols = ["brin", "crebo", "locatie_key", "leerweg", "jaar", "studenten"]
    ins = ins.sort_values(["jaar", "brin", "crebo", "locatie_key", "leerweg"])
    return aanbod, ins[cols].reset_index(drop=True)


def _justifications(aanbod, inst, locaties, gm, rng, latest: int) -> pd.DataFrame:
    """Recorded reasons (Dutch) for a few offerings that share a programme and gemeente."""
    gemeente = aanbod["locatie_key"].map(locaties.set_index("key")["gemeente_code"])
    live = aanbod["status"].isin(["actief", "gepland"])
    n_brin = aanbod[live].groupby([aanbod["crebo"], gemeente])["brin"].transform("nunique")
    overlap = pd.Series(False, index=aanbod.index)
    overlap[n_brin.index] = n_brin >= 2
    meta = inst.set_index("brin")
    aanbod["profiel"] = ""
    aanbod["capaciteit_onderbouwing"] = ""
    for i in overlap.index[overlap]:
        brin, status = aanbod.at[i, "brin"], aanbod.at[i, "status"]
        plaats = gm.at[gemeente[i], "naam"].split(" (")[0]
        denominatie = meta.at[brin, "denominatie"]
        if denominatie not in ("algemeen bijzonder", "openbaar") and rng.random() < 0.4:
            aanbod.at[i, "profiel"] = (
                f"Onderscheidend door {denominatie}e identiteit; trekt studenten uit een "
                "bredere regio dan de andere aanbieders.")
        elif meta.at[brin, "type"] == "VAK" and rng.random() < 0.6:
            aanbod.at[i, "profiel"] = (
                "Vakschool met landelijke functie en specialistische praktijkvoorzieningen.")
        elif rng.random() < 0.12:
            aanbod.at[i, "profiel"] = (
                f"Leerroute met accent op {THEMAS[rng.integers(len(THEMAS))]}, afgestemd met "
                f"de andere aanbieder(s) in {plaats}.")
        if rng.random() < 0.08 or (status == "gepland" and rng.random() < 0.5):
            aanbod.at[i, "capaciteit_onderbouwing"] = (
                f"Capaciteit van de andere aanbieder(s) in {plaats} is onvoldoende: in {latest} "
                f"stonden {int(rng.integers(12, 90))} aanmeldingen op de wachtlijst; vraag van "
                "werkgevers bevestigd in het regionaal overleg.")
    cols = ["brin", "crebo", "locatie_key", "leerweg", "status", "startjaar", "capaciteit",
            "profiel", "capaciteit_onderbouwing"]
    return aanbod.sort_values(["brin", "crebo", "locatie_key", "leerweg", "status"])[
        cols].reset_index(drop=True)
