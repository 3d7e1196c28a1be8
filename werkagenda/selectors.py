"""Reads of the Werkagenda for pages, API and exports."""
from collections import OrderedDict
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import (
    Actie,
    ActiePartij,
    Categorie,
    Doelstelling,
    Indicator,
    Partij,
    Prioriteit,
    Rapportageronde,
    Voortgang,
)


def actie_list() -> QuerySet[Actie]:
    """All actions with their objective, parties (in report order) and progress per round."""
    return (Actie.objects.select_related("doelstelling__prioriteit")
            .prefetch_related(
                Prefetch("actiepartijen", queryset=ActiePartij.objects.select_related("partij")),
                Prefetch("voortgang", queryset=Voortgang.objects.select_related("ronde")),
                "opleidingen", "bedrijfstakgroepen", "arbeidsmarktregios")
            .order_by("doelstelling__volgorde", "volgorde"))


def actie_api_list() -> QuerySet[Actie]:
    """actie_list() without its prefetches: the API reads the parties, progress and links of
    a whole page at once with actie_details(), as plain values."""
    return actie_list().prefetch_related(None)


def actie_details(actie_ids) -> dict[int, dict]:
    """Per action id: its parties (report order), its progress per round (round order) and
    the codes of its programmes, sectors and regions, as plain values (the API's shape).

    The API serialised these from model instances: five prefetches and a nested serializer
    per row cost more than the rest of a page. Same queries, rows as tuples.
    """
    details = {pk: {"partijen": [], "voortgang": [], "opleidingen": [],
                    "bedrijfstakgroepen": [], "arbeidsmarktregios": []} for pk in actie_ids}
    ids = list(details)
    parties = (ActiePartij.objects.filter(actie_id__in=ids).order_by("volgorde", "id")
               .values_list("actie_id", "partij__code", "partij__naam", "primair"))
    for actie_id, code, naam, primair in parties:
        details[actie_id]["partijen"].append({"code": code, "naam": naam, "primair": primair})
    progress = (Voortgang.objects.filter(actie_id__in=ids).order_by("ronde__volgorde")
                .values_list("actie_id", "ronde__code", "tekst", "categorie", "idem",
                             "categorie_bron"))
    for actie_id, ronde, tekst, categorie, idem, bron in progress:
        details[actie_id]["voortgang"].append({"ronde": ronde, "tekst": tekst,
                                               "categorie": categorie, "idem": idem,
                                               "categorie_bron": bron})
    # Links in their models' default order (Meta.ordering), as the related managers list them.
    links = {
        "opleidingen": Actie.opleidingen.through.objects.order_by(
            "opleiding__naam", "opleiding__niveau", "opleiding_id").values_list(
            "actie_id", "opleiding__crebo"),
        "bedrijfstakgroepen": Actie.bedrijfstakgroepen.through.objects.order_by(
            "bedrijfstakgroep__volgorde", "bedrijfstakgroep__naam", "bedrijfstakgroep_id")
        .values_list("actie_id", "bedrijfstakgroep__code"),
        "arbeidsmarktregios": Actie.arbeidsmarktregios.through.objects.order_by(
            "arbeidsmarktregio__naam", "arbeidsmarktregio_id").values_list(
            "actie_id", "arbeidsmarktregio__code"),
    }
    for name, rows in links.items():
        for actie_id, code in rows.filter(actie_id__in=ids):
            details[actie_id][name].append(code)
    return details


def actie_get(code: str) -> Actie:
    """One action by its code (404 in views via get_object_or_404 on this queryset)."""
    return actie_list().get(code=code)


def ronde_list() -> QuerySet[Rapportageronde]:
    """Rounds in report order, with how many actions have progress in each."""
    return Rapportageronde.objects.annotate(n_voortgang=Count("voortgang")).order_by("volgorde")


def ronde_latest() -> Rapportageronde | None:
    """The round shown by default: the open one, else the last published one."""
    return (Rapportageronde.objects.filter(status=Rapportageronde.Status.OPEN).first()
            or Rapportageronde.objects.order_by("-volgorde").first())


def ronde_open_get() -> Rapportageronde | None:
    """The round that currently takes updates, if any."""
    return Rapportageronde.objects.filter(status=Rapportageronde.Status.OPEN).first()


def acties_zonder_voortgang(ronde: Rapportageronde) -> QuerySet[Actie]:
    """Actions that have no progress yet in this round (the round's to-do list)."""
    return actie_list().exclude(voortgang__ronde=ronde)


def progress_by_round(actie: Actie) -> list[dict]:
    """An action's progress in every round, oldest first; "Idem." shows what it carries over."""
    by_round = {v.ronde_id: v for v in actie.voortgang.all()}
    rows, previous = [], None
    for ronde in Rapportageronde.objects.order_by("volgorde"):
        v = by_round.get(ronde.id)
        carried = previous if (v is not None and v.idem) else None
        rows.append({"ronde": ronde, "voortgang": v, "overgenomen": carried})
        if v is not None:
            previous = carried or v
    return rows


def tree(acties) -> list[dict]:
    """Priority → objective → actions, for the actions given (filters keep the shape)."""
    by_objective: dict[int, list] = {}
    for actie in acties:
        by_objective.setdefault(actie.doelstelling_id, []).append(actie)
    out = []
    for prioriteit in Prioriteit.objects.prefetch_related("doelstellingen"):
        objectives = [{"doelstelling": d, "acties": by_objective.get(d.id, [])}
                      for d in prioriteit.doelstellingen.all()]
        objectives = [o for o in objectives if o["acties"]]
        if objectives:
            out.append({"prioriteit": prioriteit, "doelstellingen": objectives})
    return out


@dataclass
class StatusTable:
    """Actions per status category per priority in one round (rows: priorities)."""

    categories: list[tuple[str, str]]
    rows: list[dict]  # {"prioriteit": Prioriteit, "counts": OrderedDict, "total": int}
    totals: OrderedDict


def status_per_prioriteit(ronde: Rapportageronde) -> StatusTable:
    """Count actions per status per priority in a round; no progress counts as 'onbekend'."""
    categories = list(Categorie.choices)
    grouped = (Voortgang.objects.filter(ronde=ronde)
               .values("actie__doelstelling__prioriteit", "categorie").annotate(n=Count("id")))
    counts = {(g["actie__doelstelling__prioriteit"], g["categorie"]): g["n"] for g in grouped}
    rows = []
    totals = OrderedDict((c, 0) for c, _ in categories)
    for prioriteit in Prioriteit.objects.annotate(
            n_acties=Count("doelstellingen__acties")).order_by("nummer"):
        row = OrderedDict((c, counts.get((prioriteit.id, c), 0)) for c, _ in categories)
        row[Categorie.ONBEKEND] += prioriteit.n_acties - sum(row.values())
        for c in row:
            totals[c] += row[c]
        rows.append({"prioriteit": prioriteit, "counts": row, "total": prioriteit.n_acties})
    return StatusTable(categories=categories, rows=rows, totals=totals)


def partij_list() -> QuerySet[Partij]:
    """Parties with how many actions they own (and how many as primary owner)."""
    return Partij.objects.annotate(
        n_acties=Count("actiepartijen", distinct=True),
        n_primair=Count("actiepartijen", filter=Q(actiepartijen__primair=True), distinct=True),
    ).order_by("-n_acties", "naam")


def partij_acties(partij: Partij) -> QuerySet[Actie]:
    """The actions a party owns."""
    return actie_list().filter(partijen=partij).distinct()


def doelstelling_list() -> QuerySet[Doelstelling]:
    """Objectives in report order with their number of actions."""
    return Doelstelling.objects.select_related("prioriteit").annotate(
        n_acties=Count("acties")).order_by("volgorde")


def indicator_list() -> QuerySet[Indicator]:
    """Indicators with their objective and measurements."""
    return Indicator.objects.select_related("doelstelling").prefetch_related("metingen")


@dataclass
class DiffRow:
    actie: Actie
    oud: Voortgang | None
    nieuw: Voortgang | None

    @property
    def veranderd(self) -> bool:
        if self.oud is None or self.nieuw is None:
            return self.oud is not self.nieuw
        return (self.nieuw.tekst != self.oud.tekst and not self.nieuw.idem) \
            or self.nieuw.categorie != self.oud.categorie

    @property
    def status_veranderd(self) -> bool:
        return bool(self.oud and self.nieuw and self.oud.categorie != self.nieuw.categorie)


def ronde_diff(van: Rapportageronde, naar: Rapportageronde, *, alleen_veranderd=False):
    """Per action its progress in two rounds, side by side."""
    rows = []
    for actie in actie_list():
        by_round = {v.ronde_id: v for v in actie.voortgang.all()}
        row = DiffRow(actie=actie, oud=by_round.get(van.id), nieuw=by_round.get(naar.id))
        if row.veranderd or not alleen_veranderd:
            rows.append(row)
    return rows
