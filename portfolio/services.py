"""Writes to the portfolio registries: one function per domain verb."""
import datetime
import json
from pathlib import Path

import pandas as pd
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from mbo_regie.errors import DomainError

from . import synthetic
from .importing import ImportFailed, RowError, RowReader, upsert
from .indicator_services import recompute_after
from .models import (
    Aanbod,
    Arbeidsmarktregio,
    Bedrijfstakgroep,
    Bron,
    Gemeente,
    Inschrijving,
    Instelling,
    Locatie,
    Opgave,
    Opleiding,
    Provincie,
)

REFERENCE_DIR = Path(settings.BASE_DIR) / "data" / "reference"


def _read_reference(directory: Path) -> tuple[dict[str, list[dict]], dict]:
    """Parse and validate every reference file; raise ImportFailed listing all bad cells."""
    errors: list[RowError] = []
    out: dict[str, list[dict]] = {}

    r = RowReader(directory / "provincies.csv", errors=errors)
    out["provincies"] = [{"code": r.text(row, i, "code"), "naam": r.text(row, i, "naam")}
                         for i, row in r.frame(["code", "naam"], key="code").iterrows()]
    r = RowReader(directory / "arbeidsmarktregios.csv", errors=errors)
    out["regios"] = [{"code": r.text(row, i, "code"), "naam": r.text(row, i, "naam")}
                     for i, row in r.frame(["code", "naam"], key="code").iterrows()]
    r = RowReader(directory / "bedrijfstakgroepen.csv", errors=errors)
    cols = ["code", "naam", "sectorkamer_code", "volgorde"]
    out["btg"] = [{"code": r.text(row, i, "code"), "naam": r.text(row, i, "naam"),
                   "sectorkamer_code": r.text(row, i, "sectorkamer_code"),
                   "volgorde": r.number(row, i, "volgorde")}
                  for i, row in r.frame(cols, key="code").iterrows()]

    prov = {p["code"] for p in out["provincies"]}
    regio = {a["code"] for a in out["regios"]}
    krimp = {c for c, _ in Gemeente.Krimp.choices}
    r = RowReader(directory / "gemeenten.csv", errors=errors)
    cols = ["code", "naam", "provincie_code", "arbeidsmarktregio_code", "lat", "lon", "inwoners",
            "oppervlakte_land_ha", "jongeren", "krimp_status"]
    out["gemeenten"] = [
        {"code": r.text(row, i, "code"), "naam": r.text(row, i, "naam"),
         "provincie_code": r.choice(row, i, "provincie_code", prov),
         "regio_code": r.choice(row, i, "arbeidsmarktregio_code", regio),
         "lat": r.number(row, i, "lat", float), "lon": r.number(row, i, "lon", float),
         "inwoners": r.number(row, i, "inwoners"),
         "oppervlakte_land_ha": r.number(row, i, "oppervlakte_land_ha"),
         "jongeren": r.number(row, i, "jongeren", required=False),
         "krimp_status": r.choice(row, i, "krimp_status", krimp, required=False)}
        for i, row in r.frame(cols, key="code").iterrows()
    ]
    btg_by_kamer = {b["sectorkamer_code"]: b["code"] for b in out["btg"]}
    btg_codes = {b["code"] for b in out["btg"]}
    opgaven = {c for c, _ in Opgave.choices}
    r = RowReader(directory / "opleidingen.csv", errors=errors)
    cols = ["crebo", "naam", "niveau", "leerwegen", "sectorkamer_code", "sectorkamer_naam",
            "btg_code", "dossier_code", "dossier_naam", "hoofdgroep_code", "hoofdgroep_naam",
            "subgroep_code", "subgroep_naam", "specialistisch", "opgaven"]
    out["opleidingen"] = []
    for i, row in r.frame(cols, key="crebo").iterrows():
        tags = [t for t in r.text(row, i, "opgaven", required=False).split(";") if t]
        for t in tags:
            if t not in opgaven:
                r.error(i, "opgaven", f"onbekende opgave {t!r}")
        niveau = r.number(row, i, "niveau")
        if niveau is not None and niveau not in (1, 2, 3, 4):
            r.error(i, "niveau", f"niveau moet 1 t/m 4 zijn, niet {niveau}")
        out["opleidingen"].append({
            "crebo": r.text(row, i, "crebo"), "naam": r.text(row, i, "naam"), "niveau": niveau,
            "leerwegen": r.text(row, i, "leerwegen"),
            "sectorkamer_code": r.choice(row, i, "sectorkamer_code", btg_by_kamer),
            "sectorkamer_naam": r.text(row, i, "sectorkamer_naam"),
            "btg_code": r.choice(row, i, "btg_code", btg_codes),
            "dossier_code": r.text(row, i, "dossier_code", required=False),
            "dossier_naam": r.text(row, i, "dossier_naam", required=False),
            "hoofdgroep_code": r.text(row, i, "hoofdgroep_code", required=False),
            "hoofdgroep_naam": r.text(row, i, "hoofdgroep_naam", required=False),
            "subgroep_code": r.text(row, i, "subgroep_code", required=False),
            "subgroep_naam": r.text(row, i, "subgroep_naam", required=False),
            "specialistisch": r.choice(row, i, "specialistisch", {"0", "1"}) == "1",
            "opgaven": ",".join(tags),
        })
    gem_codes = {g["code"] for g in out["gemeenten"]}
    types = {c for c, _ in Instelling.Type.choices}
    r = RowReader(directory / "instellingen.csv", errors=errors)
    cols = ["brin", "naam", "type", "denominatie", "home_gemeente_code", "lid"]
    out["instellingen"] = [
        {"brin": r.text(row, i, "brin"), "naam": r.text(row, i, "naam"),
         "type": r.choice(row, i, "type", types),
         "denominatie": r.text(row, i, "denominatie", required=False),
         "home_gemeente_code": r.choice(row, i, "home_gemeente_code", gem_codes),
         "lid": r.choice(row, i, "lid", {"0", "1"}) == "1"}
        for i, row in r.frame(cols, key="brin").iterrows()
    ]
    shapes_path = directory / "gemeente_shapes.json"
    shapes = {}
    try:
        shapes = json.loads(shapes_path.read_text(encoding="utf-8"))
        if not isinstance(shapes.get("paths"), dict):
            errors.append(RowError(shapes_path.name, 0, "paths", "ontbreekt"))
    except (OSError, ValueError) as exc:
        errors.append(RowError(shapes_path.name, 0, "-", f"onleesbaar: {exc}"))
    if errors:
        raise ImportFailed(errors)
    return out, shapes


@recompute_after
@transaction.atomic
def reference_data_load(*, directory: Path = REFERENCE_DIR) -> dict[str, dict]:
    """Load the derived reference files; idempotent and atomic, returns counts per registry."""
    data, shapes = _read_reference(Path(directory))
    counts = {}
    counts["provincies"] = upsert(Provincie, "code", data["provincies"])
    counts["arbeidsmarktregios"] = upsert(Arbeidsmarktregio, "code", data["regios"])
    counts["bedrijfstakgroepen"] = upsert(Bedrijfstakgroep, "code", data["btg"])
    prov = dict(Provincie.objects.values_list("code", "id"))
    regio = dict(Arbeidsmarktregio.objects.values_list("code", "id"))
    paths = shapes.get("paths", {})
    counts["gemeenten"] = upsert(Gemeente, "code", [
        {"code": g["code"], "naam": g["naam"], "provincie_id": prov[g["provincie_code"]],
         "arbeidsmarktregio_id": regio[g["regio_code"]], "lat": g["lat"], "lon": g["lon"],
         "inwoners": g["inwoners"], "jongeren": g["jongeren"],
         "oppervlakte_land_ha": g["oppervlakte_land_ha"], "krimp_status": g["krimp_status"],
         "svg_path": paths.get(g["code"], "")}
        for g in data["gemeenten"]
    ])
    btg = dict(Bedrijfstakgroep.objects.values_list("code", "id"))
    counts["opleidingen"] = upsert(Opleiding, "crebo", [
        {**{k: v for k, v in o.items() if k != "btg_code"}, "btg_id": btg[o["btg_code"]]}
        for o in data["opleidingen"]
    ])
    gem = dict(Gemeente.objects.values_list("code", "id"))
    counts["instellingen"] = upsert(Instelling, "brin", [
        {"brin": i["brin"], "naam": i["naam"], "type": i["type"], "denominatie": i["denominatie"],
         "home_gemeente_id": gem[i["home_gemeente_code"]], "lid": i["lid"]}
        for i in data["instellingen"]
    ])
    return {name: c.as_dict() for name, c in counts.items()}


@recompute_after
@transaction.atomic
def aanbod_save(*, aanbod: Aanbod, fields: dict) -> Aanbod:
    """Create or change an offering (staff); validates the model and writes a history row."""
    for name, value in fields.items():
        setattr(aanbod, name, value)
    aanbod.full_clean()
    aanbod.save()
    return aanbod


RUNNING = (Aanbod.Status.ACTIEF, Aanbod.Status.GEPLAND)


def _append(old: str, new: str) -> str:
    new = (new or "").strip()
    if not new or new in (old or ""):
        return old or ""
    return f"{old}\n\n{new}".strip() if old else new


@transaction.atomic
def aanbod_start(*, instelling, opleiding, locatie, leerweg: str, startdatum: datetime.date,
                 capaciteit: int | None = None, profiel: str = "",
                 capaciteit_onderbouwing: str = "") -> Aanbod:
    """Start an offering; a stopped offering at the same place is restarted, not duplicated."""
    aanbod = Aanbod.objects.filter(instelling=instelling, opleiding=opleiding, locatie=locatie,
                                   leerweg=leerweg).first()
    if aanbod is not None and aanbod.status in RUNNING:
        raise DomainError(_("%(aanbod)s wordt al aangeboden.") % {"aanbod": aanbod})
    fields = {"status": Aanbod.Status.ACTIEF, "startdatum": startdatum, "einddatum": None,
              "capaciteit": capaciteit, "profiel": profiel,
              "capaciteit_onderbouwing": capaciteit_onderbouwing}
    if aanbod is None:
        aanbod = Aanbod(instelling=instelling, opleiding=opleiding, locatie=locatie,
                        leerweg=leerweg, bron=Bron.PORTAAL)
    return aanbod_save(aanbod=aanbod, fields=fields)


@transaction.atomic
def aanbod_stop(*, aanbod: Aanbod, einddatum: datetime.date) -> Aanbod:
    """Stop the intake of an offering: it phases out (in afbouw) from the given date."""
    if aanbod.status not in RUNNING:
        raise DomainError(_("%(aanbod)s loopt niet meer.") % {"aanbod": aanbod})
    return aanbod_save(aanbod=aanbod, fields={"status": Aanbod.Status.IN_AFBOUW,
                                              "einddatum": einddatum})


@transaction.atomic
def aanbod_change_capacity(*, aanbod: Aanbod, capaciteit: int, onderbouwing: str = "") -> Aanbod:
    """Set a new capacity (expansion or scaling down) and keep its justification."""
    if aanbod.status not in RUNNING:
        raise DomainError(_("%(aanbod)s loopt niet meer.") % {"aanbod": aanbod})
    return aanbod_save(aanbod=aanbod, fields={
        "capaciteit": capaciteit,
        "capaciteit_onderbouwing": _append(aanbod.capaciteit_onderbouwing, onderbouwing)})


@transaction.atomic
def aanbod_change_profile(*, aanbod: Aanbod, profiel: str) -> Aanbod:
    """Record how the programme is "loaded" here: its distinctive profile."""
    return aanbod_save(aanbod=aanbod, fields={"profiel": profiel})


def _reference_frames(directory: Path) -> dict[str, pd.DataFrame]:
    read = {"dtype": str, "keep_default_na": False}
    return {name: pd.read_csv(directory / f"{name}.csv", **read)
            for name in ("gemeenten", "instellingen", "opleidingen")}


@recompute_after
@transaction.atomic
def synthetic_portfolio_load(*, seed: int = 2025, directory: Path = REFERENCE_DIR) -> dict:
    """Generate the seeded synthetic portfolio and upsert it (idempotent, atomic).

    Institutions that already have imported (non-synthetic) offerings are left alone, so a
    real DUO import is never overwritten by synthetic rows.
    """
    frames = _reference_frames(Path(directory))
    result = synthetic.generate_portfolio(frames["gemeenten"], frames["instellingen"],
                                          frames["opleidingen"], seed=seed)
    real = set(Aanbod.objects.exclude(bron=Bron.SYNTHETISCH)
               .values_list("instelling__brin", flat=True).distinct())
    instelling = {b: i for b, i in Instelling.objects.values_list("brin", "id") if b not in real}
    gemeente = dict(Gemeente.objects.values_list("code", "id"))
    opleiding = dict(Opleiding.objects.values_list("crebo", "id"))

    loc = result["locaties"][result["locaties"]["brin"].isin(instelling)]
    counts = {"locaties": upsert(Locatie, ("instelling_id", "code"), [
        {"instelling_id": instelling[r.brin], "code": r.key, "naam": r.naam,
         "gemeente_id": gemeente[r.gemeente_code], "lat": float(r.lat), "lon": float(r.lon),
         "adres": r.adres, "postcode": r.postcode, "bron": Bron.SYNTHETISCH}
        for r in loc.itertuples(index=False)
    ])}
    locatie = {(i, c): pk for pk, i, c in Locatie.objects.values_list("id", "instelling_id",
                                                                          "code")}
    aanbod_df = result["aanbod"][result["aanbod"]["brin"].isin(instelling)]
    ins = result["inschrijvingen"][result["inschrijvingen"]["brin"].isin(instelling)]
    last_year = ins.groupby(["brin", "crebo", "locatie_key", "leerweg"])["jaar"].max().to_dict()
    rows = []
    for r in aanbod_df.itertuples(index=False):
        inst = instelling[r.brin]
        einde = None
        if r.status == Aanbod.Status.GESTOPT:
            # Stopped after the last school year with students (or the first, without any).
            last = last_year.get((r.brin, r.crebo, r.locatie_key, r.leerweg), int(r.startjaar))
            einde = datetime.date(int(last) + 1, 7, 31)
        rows.append({
            "instelling_id": inst, "opleiding_id": opleiding[r.crebo],
            "locatie_id": locatie[(inst, r.locatie_key)], "leerweg": r.leerweg,
            "status": r.status, "startdatum": datetime.date(int(r.startjaar), 8, 1),
            "einddatum": einde,
            "capaciteit": None if pd.isna(r.capaciteit) else int(r.capaciteit),
            "profiel": r.profiel, "capaciteit_onderbouwing": r.capaciteit_onderbouwing,
            "bron": Bron.SYNTHETISCH,
        })
    counts["aanbod"] = upsert(Aanbod, ("instelling_id", "opleiding_id", "locatie_id", "leerweg"),
                              rows)
    aanbod = {k[:4]: k[4] for k in Aanbod.objects.values_list(
        "instelling_id", "opleiding_id", "locatie_id", "leerweg", "id")}
    ins_rows = [
        {"aanbod_id": aanbod[(instelling[r.brin], opleiding[r.crebo],
                              locatie[(instelling[r.brin], r.locatie_key)], r.leerweg)],
         "jaar": int(r.jaar), "studenten": int(r.studenten), "bron": Bron.SYNTHETISCH}
        for r in ins.itertuples(index=False)
    ]
    counts["inschrijvingen"] = upsert(Inschrijving, ("aanbod_id", "jaar"), ins_rows)
    wanted = {
        Locatie: {locatie[(instelling[r.brin], r.key)] for r in loc.itertuples(index=False)},
        Aanbod: {aanbod[(r["instelling_id"], r["opleiding_id"], r["locatie_id"], r["leerweg"])]
                 for r in rows},
        Inschrijving: {(r["aanbod_id"], r["jaar"]) for r in ins_rows},
    }
    removed = _synthetic_prune(set(instelling.values()), wanted)
    result_counts = {name: c.as_dict() for name, c in counts.items()}
    for name, n in removed.items():
        result_counts[name]["verwijderd"] = n
    return result_counts


def _synthetic_prune(instellingen: set[int], wanted: dict) -> dict[str, int]:
    """Delete synthetic rows that a new generator run no longer produces (a true sync)."""
    stale_ins = [pk for pk, a, j in Inschrijving.objects.filter(
        bron=Bron.SYNTHETISCH, aanbod__instelling_id__in=instellingen)
        .values_list("id", "aanbod_id", "jaar") if (a, j) not in wanted[Inschrijving]]
    stale_aanbod = [pk for pk in Aanbod.objects.filter(
        bron=Bron.SYNTHETISCH, instelling_id__in=instellingen).values_list("id", flat=True)
        if pk not in wanted[Aanbod]]
    stale_loc = [pk for pk in Locatie.objects.filter(
        bron=Bron.SYNTHETISCH, instelling_id__in=instellingen).values_list("id", flat=True)
        if pk not in wanted[Locatie]]
    for model, ids in ((Inschrijving, stale_ins), (Aanbod, stale_aanbod), (Locatie, stale_loc)):
        for i in range(0, len(ids), 500):
            if model is Aanbod:
                Inschrijving.objects.filter(aanbod_id__in=ids[i:i + 500]).delete()
            model.objects.filter(id__in=ids[i:i + 500]).delete()
    return {"inschrijvingen": len(stale_ins), "aanbod": len(stale_aanbod),
            "locaties": len(stale_loc)}
