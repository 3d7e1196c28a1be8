"""Writes of the Werkagenda: one function per verb, each in one transaction."""
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from mbo_regie.errors import DomainError, TransitionNotAllowed

from .importer import normalise
from .models import (
    Actie,
    ActiePartij,
    Categorie,
    Doelstelling,
    Indicator,
    Meting,
    Partij,
    Prioriteit,
    Rapportageronde,
    Rondegebeurtenis,
    Voortgang,
)

# Parties whose every bestuurder speaks for them (the institutions themselves).
BESTUURDERS_PARTIJEN = {"mbo-scholen"}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    details: list[str] = field(default_factory=list)
    current: str = ""  # the record being written, named in a refusal by the database

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _upsert(model, lookup: dict, values: dict, result: ImportResult):
    """Create or update one row, saving only when a value differs (so re-imports leave no
    history rows behind)."""
    result.current = f"{model._meta.verbose_name} " + ", ".join(
        f"{k}={getattr(v, 'pk', v)}" for k, v in lookup.items())
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        result.created += 1
        return obj
    dirty = [name for name, value in values.items() if getattr(obj, name) != value]
    if dirty:
        for name in dirty:
            setattr(obj, name, values[name])
        obj.save(update_fields=dirty)
        result.updated += 1
    else:
        result.unchanged += 1
    return obj


def _decimal(value):
    return None if value is None else Decimal(str(value))


@transaction.atomic
def werkagenda_import(*, data: dict, actor=None) -> ImportResult:
    """Load the parsed Werkagenda (see werkagenda.importer) into the registry. Idempotent:
    codes are the keys, and a second run with the same data changes nothing. All or nothing:
    when the database refuses a record, the refusal names it and nothing is kept."""
    result = ImportResult()
    try:
        _werkagenda_load(data, actor, result)
    except DatabaseError as exc:
        # Leaving the atomic block with an error undoes everything written so far.
        raise DomainError(_("Import mislukt, er is niets opgeslagen. De database weigerde "
                            "%(record)s: %(fout)s") % {"record": result.current, "fout": exc},
                          code="import_failed") from exc
    return result


def _werkagenda_load(data: dict, actor, result: ImportResult) -> None:
    partijen = {
        p["code"]: _upsert(Partij, {"code": p["code"]}, {
            "naam": p["naam"], "volledige_naam": p["volledige_naam"], "soort": p["soort"],
            "voor_bestuurders": p["code"] in BESTUURDERS_PARTIJEN}, result)
        for p in data["partijen"]}
    prioriteiten = {
        p["nummer"]: _upsert(Prioriteit, {"nummer": p["nummer"]}, {"naam": p["naam"]}, result)
        for p in data["prioriteiten"]}
    doelstellingen = {
        d["code"]: _upsert(Doelstelling, {"code": d["code"]}, {
            "prioriteit": prioriteiten[d["prioriteit"]], "tekst": d["tekst"], "volgorde": i},
            result)
        for i, d in enumerate(data["doelstellingen"], start=1)}
    rondes = {r["code"]: _import_ronde(r, actor, result) for r in data["rondes"]}
    for a in data["acties"]:
        actie = _upsert(Actie, {"code": a["code"]}, {
            "doelstelling": doelstellingen[a["doelstelling"]], "volgorde": a["volgorde"],
            "wat": a["wat"], "wie_origineel": a["wie_origineel"], "wanneer": a["wanneer"],
            "startjaar": a["startjaar"], "eindjaar": a["eindjaar"],
            "doorlopend": a["doorlopend"], "bronregel": a["bronregel"]}, result)
        wanted = {p["partij"]: (i, p["primair"]) for i, p in enumerate(a["wie"])}
        ActiePartij.objects.filter(actie=actie).exclude(partij__code__in=wanted).delete()
        for code, (i, primair) in wanted.items():
            _upsert(ActiePartij, {"actie": actie, "partij": partijen[code]},
                    {"primair": primair, "volgorde": i}, result)
        for v in a["voortgang"]:
            bron = Voortgang.Bron.OVERGENOMEN if v["idem"] else Voortgang.Bron.AFGELEID
            _upsert(Voortgang, {"actie": actie, "ronde": rondes[v["ronde"]]}, {
                "tekst": v["tekst"], "idem": v["idem"], "categorie": v["categorie"],
                "categorie_bron": bron}, result)
    for ind in data.get("indicatoren", []):
        indicator = _upsert(Indicator, {"code": ind["code"]}, {
            "naam": ind["naam"], "doelstelling": doelstellingen[ind["doelstelling"]],
            "eenheid": ind["eenheid"], "richting": ind["richting"],
            "basis_waarde": _decimal(ind["basis_waarde"]), "basis_jaar": ind["basis_jaar"],
            "basis_toelichting": ind["basis_toelichting"],
            "streef_waarde": _decimal(ind["streef_waarde"]), "streef_jaar": ind["streef_jaar"],
            "streef_toelichting": ind["streef_toelichting"], "bron": ind["bron"]}, result)
        for m in ind["metingen"]:
            _upsert(Meting, {"indicator": indicator, "jaar": m["jaar"]},
                    {"waarde": _decimal(m["waarde"]), "toelichting": m["toelichting"]}, result)


def _import_ronde(r: dict, actor, result: ImportResult) -> Rapportageronde:
    """Rounds of the report are history: they arrive published (one transition row each)."""
    result.current = f"{Rapportageronde._meta.verbose_name} code={r['code']}"
    ronde = Rapportageronde.objects.filter(code=r["code"]).first()
    if ronde is None:
        ronde = Rapportageronde.objects.create(code=r["code"], naam=r["naam"],
                                               volgorde=r["volgorde"], kolom=r["kolom"])
        _log(ronde, "", ronde.status, actor, _("ingelezen uit het voortgangsrapport"))
        _publish(ronde, actor, _("gepubliceerd rapport"))
        result.created += 1
        return ronde
    return _upsert(Rapportageronde, {"code": r["code"]},
                   {"naam": r["naam"], "volgorde": r["volgorde"], "kolom": r["kolom"]}, result)


def _log(ronde, old, new, actor, note=""):
    Rondegebeurtenis.objects.create(ronde=ronde, oud=old, nieuw=new, actor=actor, notitie=note)


def _publish(ronde: Rapportageronde, actor, note: str) -> None:
    old = ronde.status
    ronde.publiceer()
    ronde.gepubliceerd_op = timezone.now()
    ronde.save()
    _log(ronde, old, ronde.status, actor, note)


@transaction.atomic
def ronde_open(*, code: str, naam: str, actor) -> Rapportageronde:
    """Open a new reporting round after the last one; only one round is open at a time."""
    if Rapportageronde.objects.filter(status=Rapportageronde.Status.OPEN).exists():
        raise DomainError(_("Er is al een open rapportageronde; publiceer die eerst."),
                          code="ronde_al_open")
    if Rapportageronde.objects.filter(code=code).exists():
        raise DomainError(_("Er bestaat al een ronde met deze code."), code="ronde_bestaat")
    last = Rapportageronde.objects.order_by("-volgorde").first()
    try:
        ronde = Rapportageronde.objects.create(
            code=code, naam=naam, volgorde=(last.volgorde + 1) if last else 1)
    except IntegrityError as exc:  # a concurrent request opened one first
        raise DomainError(_("Er is al een open rapportageronde; publiceer die eerst."),
                          code="ronde_al_open") from exc
    _log(ronde, "", ronde.status, actor, _("ronde geopend"))
    return ronde


@transaction.atomic
def ronde_publish(*, ronde: Rapportageronde, actor, note: str = "") -> Rapportageronde:
    """Publish an open round; from then on its progress is locked."""
    # A second publication (a double click) waits here and then finds the round published.
    ronde = Rapportageronde.objects.select_for_update().get(pk=ronde.pk)
    if not can_proceed(ronde.publiceer):
        raise TransitionNotAllowed(_("Deze ronde is al gepubliceerd."))
    _publish(ronde, actor, note)
    return ronde


def _previous(actie: Actie, ronde: Rapportageronde) -> Voortgang | None:
    return (Voortgang.objects.filter(actie=actie, ronde__volgorde__lt=ronde.volgorde)
            .order_by("-ronde__volgorde").first())


@transaction.atomic
def voortgang_update(*, actie: Actie, ronde: Rapportageronde, actor, tekst: str = "",
                     idem: bool = False, categorie: str | None = None) -> Voortgang:
    """Record an action's progress in an open round. "Idem" carries the previous round's
    status over; otherwise the status is chosen, or derived from the text by the keyword
    rules of the importer."""
    ronde = Rapportageronde.objects.select_for_update().get(pk=ronde.pk)
    if not ronde.is_open:
        raise DomainError(_("Deze ronde is gepubliceerd en daarmee vergrendeld."),
                          code="ronde_vergrendeld")
    tekst = tekst.strip()
    if idem:
        previous = _previous(actie, ronde)
        if previous is None:
            raise DomainError(_("Er is geen vorige ronde om naar te verwijzen."),
                              code="geen_vorige_ronde")
        tekst = tekst or "Idem."
        categorie, bron = previous.categorie, Voortgang.Bron.OVERGENOMEN
    elif categorie:
        bron = Voortgang.Bron.HANDMATIG
    else:
        if not tekst:
            raise DomainError(_("Geef een tekst, of kies 'ongewijzigd'."), code="lege_voortgang")
        categorie, bron = normalise.status_category(tekst)[0], Voortgang.Bron.AFGELEID
    if categorie not in Categorie.values:
        raise DomainError(_("Onbekende status."), code="onbekende_status")
    voortgang, _created = Voortgang.objects.update_or_create(
        actie=actie, ronde=ronde,
        defaults={"tekst": tekst, "idem": idem, "categorie": categorie, "categorie_bron": bron,
                  "bijgewerkt_door": actor})
    return voortgang


@transaction.atomic
def actie_links_set(*, actie: Actie, opleidingen=(), bedrijfstakgroepen=(),
                    arbeidsmarktregios=()) -> Actie:
    """Link an action to programmes, sector groups and labour-market regions."""
    actie.opleidingen.set(opleidingen)
    actie.bedrijfstakgroepen.set(bedrijfstakgroepen)
    actie.arbeidsmarktregios.set(arbeidsmarktregios)
    return actie
