"""DUO "MBO Opleidingsaanbod" (mbo_opleidingsaanbod.csv): locations and offerings.

The file lists every offered programme unit of every provider registered in RIO, so rows are
filtered first (and counted): only kwalificaties (OPLEIDINGSEENHEID_TYPE MBOKWALIFICATIE) in
leertraject BOL or BBL, at an onderwijslocatie, of a provider that is an institution in the
register. A provider (ONDERWIJSAANBIEDERID) is linked to its BRIN by RIO's
relaties_onderwijsaanbieders_onderwijsinstellingserkenningen.csv (OIE_CODE = BRIN) when given,
otherwise by an exact (case- and punctuation-insensitive) match of its NAAM.
"""
import datetime
from collections import Counter, defaultdict
from pathlib import Path

from django.db import transaction
from django.db.models.deletion import ProtectedError, RestrictedError

from portfolio.importing import ImportFailed, RowError, upsert
from portfolio.indicator_services import recompute_after
from portfolio.models import Aanbod, Bron, Inschrijving, Instelling, Locatie, Opleiding

from .common import (
    DuoReport,
    GemeenteIndex,
    adres_fmt,
    duo_reader,
    norm,
    optional,
    plaats_fmt,
    postcode_fmt,
)

COLUMNS = ["ONDERWIJSAANBIEDERID", "ONDERWIJSLOCATIECODE", "POSTCODE", "PLAATSNAAM",
           "ERKENDEOPLEIDINGSCODE", "LEERTRAJECT", "MBONIVEAU"]
KOPPELING_COLUMNS = ["ONDERWIJSAANBIEDERID", "OIE_CODE"]
LEERWEGEN = {"BOL", "BBL"}


def _aanbieders(koppeling: Path | None, errors: list[RowError]) -> dict[str, set[str]]:
    """ONDERWIJSAANBIEDERID -> the BRINs it currently belongs to, from the RIO relation file."""
    if koppeling is None:
        return {}
    reader = duo_reader(koppeling, errors)
    today = datetime.date.today().isoformat()
    links: dict[str, set[str]] = defaultdict(set)
    for i, row in reader.frame(KOPPELING_COLUMNS).iterrows():
        einde = optional(row, "EINDDATUM")[:10]
        if einde and einde <= today:
            continue
        links[reader.text(row, i, "ONDERWIJSAANBIEDERID")].add(
            reader.text(row, i, "OIE_CODE").upper())
    return links


def _read(path: Path, koppeling: Path | None, skip_unknown_crebo: bool):
    errors: list[RowError] = []
    links = _aanbieders(koppeling, errors)
    reader = duo_reader(path, errors)
    df = reader.frame(COLUMNS)
    brins = set(Instelling.objects.values_list("brin", flat=True))
    by_name = {norm(naam): brin for brin, naam in Instelling.objects.values_list("brin", "naam")}
    opleidingen = {o.crebo: o for o in Opleiding.objects.only("id", "crebo", "niveau")}
    skipped: Counter = Counter()
    unlinked: Counter = Counter()
    resolved: dict[str, str | None] = {}
    locaties: dict[tuple[str, str], dict] = {}
    offers: set[tuple[str, str, str, str]] = set()
    for i, row in df.iterrows():
        soort = optional(row, "OPLEIDINGSEENHEID_TYPE").upper()
        leerweg = str(row["LEERTRAJECT"]).strip().upper()
        if soort and soort != "MBOKWALIFICATIE":
            skipped[f"geen kwalificatie ({soort})"] += 1
            continue
        if leerweg not in LEERWEGEN:
            skipped[f"leertraject {leerweg or 'leeg'}"] += 1
            continue
        aanbieder = reader.text(row, i, "ONDERWIJSAANBIEDERID")
        if aanbieder not in resolved:
            resolved[aanbieder] = _brin(reader, i, aanbieder, row, links, brins, by_name,
                                        use_names=koppeling is None)
        brin = resolved[aanbieder]
        if brin is None:
            unlinked[f"{aanbieder} {optional(row, 'NAAM')}".strip()] += 1
            continue
        code = str(row["ONDERWIJSLOCATIECODE"]).strip()
        if not code:
            skipped["zonder onderwijslocatie"] += 1
            continue
        crebo = reader.text(row, i, "ERKENDEOPLEIDINGSCODE")
        opleiding = opleidingen.get(crebo)
        if opleiding is None:
            if skip_unknown_crebo:
                skipped["crebo niet in het register"] += 1
                continue
            reader.error(i, "ERKENDEOPLEIDINGSCODE", f"crebo {crebo!r} staat niet in het register")
        niveau = str(row["MBONIVEAU"]).strip().upper().removeprefix("MBO-")
        if niveau not in {"1", "2", "3", "4"}:
            reader.error(i, "MBONIVEAU", f"onbekend niveau {row['MBONIVEAU']!r}")
        elif opleiding is not None and int(niveau) != opleiding.niveau:
            reader.error(i, "MBONIVEAU", f"niveau {niveau} wijkt af van crebo {crebo} "
                                         f"(niveau {opleiding.niveau})")
        postcode = postcode_fmt(str(row["POSTCODE"]))
        if postcode is None:
            reader.error(i, "POSTCODE", f"geen geldige postcode: {row['POSTCODE']!r}")
        locaties.setdefault((brin, code), {
            "index": i, "plaats": str(row["PLAATSNAAM"]).strip(), "postcode": postcode or "",
            "adres": adres_fmt(optional(row, "STRAATNAAM"), optional(row, "HUISNUMMER"),
                               optional(row, "HUISNUMMERTOEVOEGING")),
        })
        if opleiding is not None:
            offers.add((brin, crebo, code, leerweg))
    _place(reader, locaties)
    if errors:
        raise ImportFailed(errors)
    return locaties, offers, skipped, unlinked


def _brin(reader, i, aanbieder, row, links, brins, by_name, *, use_names) -> str | None:
    """The registry BRIN of a provider, None when it is no institution in the register."""
    if use_names:
        return by_name.get(norm(optional(row, "NAAM")))
    matches = sorted(links.get(aanbieder, set()) & brins)
    if len(matches) > 1:
        reader.error(i, "ONDERWIJSAANBIEDERID", f"aanbieder {aanbieder} hoort bij meer "
                                                f"instellingen: {', '.join(matches)}")
    return matches[0] if matches else None


def _place(reader, locaties: dict) -> None:
    """Gemeente per location: by place name, else by a PC4 area known in this file or registry.

    Two passes, so the result does not depend on the order of the rows.
    """
    gemeenten = GemeenteIndex()
    for loc in locaties.values():
        loc["gemeente"] = gemeenten.place(loc["plaats"])
        if loc["gemeente"] is not None:
            gemeenten.learn(loc["postcode"], loc["gemeente"])
    for loc in locaties.values():
        if loc["gemeente"] is None:
            loc["gemeente"] = gemeenten.postcode(loc["postcode"])
        if loc["gemeente"] is None:
            reader.error(loc["index"], "PLAATSNAAM", f"plaats {loc['plaats']!r} is geen gemeente "
                                                     "in het register en de postcode "
                                                     f"{loc['postcode'] or '(leeg)'} is onbekend")


@recompute_after
@transaction.atomic
def aanbod_import_duo(*, path: Path, koppeling: Path | None = None,
                      skip_unknown_crebo: bool = False) -> DuoReport:
    """Create or update DUO locations and offerings; replace the synthetic portfolio they cover.

    For every institution in the file its synthetic offerings, all synthetic enrolments and the
    synthetic locations left without offerings are deleted in the same transaction. An unknown
    crebo is a row error unless skip_unknown_crebo; rows outside the scope are counted.
    """
    locaties, offers, skipped, unlinked = _read(Path(path), koppeling and Path(koppeling),
                                                 skip_unknown_crebo)
    report = DuoReport()
    inst = dict(Instelling.objects.filter(brin__in={b for b, *_ in offers}).values_list(
        "brin", "id"))
    present = set(inst.values())
    current = {(loc.instelling_id, loc.code): loc
               for loc in Locatie.objects.filter(instelling_id__in=present)}
    rows = []
    for (brin, code), loc in sorted(locaties.items()):
        key, gem = (inst[brin], code), loc["gemeente"]
        old = current.get(key)
        # Keep refined coordinates unless the location moved to another gemeente.
        lat, lon = (old.lat, old.lon) if old and old.gemeente_id == gem.id else (gem.lat, gem.lon)
        plaats = plaats_fmt(loc["plaats"])
        rows.append({"instelling_id": key[0], "code": code,
                     "naam": f"{loc['adres']}, {plaats}" if loc["adres"] else f"{plaats} {code}",
                     "adres": loc["adres"], "postcode": loc["postcode"], "plaats": plaats,
                     "gemeente_id": gem.id, "lat": lat, "lon": lon, "bron": Bron.DUO})
    report.add("locaties", upsert(Locatie, ("instelling_id", "code"), rows))

    locatie = {(i, c): pk for pk, i, c in Locatie.objects.filter(instelling_id__in=present)
               .values_list("id", "instelling_id", "code")}
    opleiding = dict(Opleiding.objects.values_list("crebo", "id"))
    keys = {(inst[b], opleiding[c], locatie[(inst[b], code)], lw) for b, c, code, lw in offers}
    existing = set(Aanbod.objects.filter(instelling_id__in=present).values_list(
        "instelling_id", "opleiding_id", "locatie_id", "leerweg"))
    rows = [{"instelling_id": i, "opleiding_id": o, "locatie_id": loc, "leerweg": lw,
             "bron": Bron.DUO, **({} if (i, o, loc, lw) in existing
                                  else {"status": Aanbod.Status.ACTIEF})}
            for i, o, loc, lw in sorted(keys)]
    count = upsert(Aanbod, ("instelling_id", "opleiding_id", "locatie_id", "leerweg"), rows)

    removed = _remove_synthetic(present)
    report.add("aanbod", count, removed=removed["aanbod"])
    report.counts["locaties"]["verwijderd"] = removed["locaties"]
    report.add("inschrijvingen", removed=removed["inschrijvingen"])
    gone = Aanbod.objects.filter(instelling_id__in=present, bron=Bron.DUO).count() - len(keys)
    _notes(report, skipped, unlinked, gone)
    return report


def _remove_synthetic(present: set[int]) -> dict[str, int]:
    """Delete the synthetic rows the DUO file replaces; refuse when something refers to them."""
    try:
        enrol = Inschrijving.objects.filter(aanbod__instelling_id__in=present,
                                            bron=Bron.SYNTHETISCH).delete()[0]
        offers = Aanbod.objects.filter(instelling_id__in=present, bron=Bron.SYNTHETISCH)
        _, per_model = offers.delete()
        enrol += per_model.get(Inschrijving._meta.label, 0)
        places = Locatie.objects.filter(instelling_id__in=present, bron=Bron.SYNTHETISCH,
                                        aanbod__isnull=True).delete()[1]
    except (ProtectedError, RestrictedError) as exc:
        refs = getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", ())
        blockers = ", ".join(sorted({str(o) for o in refs})[:5])
        raise ImportFailed([RowError("-", 0, "-", "synthetisch aanbod kan niet worden vervangen: "
                                                  f"er wordt nog naar verwezen ({blockers})")])
    return {"inschrijvingen": enrol, "aanbod": per_model.get(Aanbod._meta.label, 0),
            "locaties": places.get(Locatie._meta.label, 0)}


def _notes(report: DuoReport, skipped: Counter, unlinked: Counter, gone: int) -> None:
    for reason, n in sorted(skipped.items()):
        report.notes.append(f"overgeslagen, {reason}: {n} regels")
    if unlinked:
        examples = ", ".join(name for name, _ in unlinked.most_common(5))
        report.notes.append(f"overgeslagen, aanbieder is geen instelling in het register: "
                            f"{sum(unlinked.values())} regels van {len(unlinked)} aanbieders "
                            f"(o.a. {examples})")
    if gone > 0:
        report.notes.append(f"{gone} eerder geïmporteerd DUO-aanbod van deze instellingen staat "
                            "niet meer in het bestand (niet gewijzigd)")
