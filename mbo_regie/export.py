"""Export of everything a member may see, as one zip of CSV files (and the account as JSON).

Every dataset is read through the owning app's own visibility selectors and predicates, so the
export never shows more than the portal does: the public registries, the Werkagenda and the
casuïstiek for everyone; proposals through ``proposal_list_for`` (others' concepts stay out);
cases through ``case_list_for`` with their timeline and documents filtered by ``visible_to``;
and the user's own account, notifications and declared interests.
"""
import csv
import io
import json
import zipfile
from collections.abc import Iterable

from django.utils import timezone

from arbitration import selectors as arbitration_selectors
from arbitration.models import CaseParty, InterestDeclaration
from portfolio.models import (
    Aanbod,
    Arbeidsmarktregio,
    Bedrijfstakgroep,
    Gemeente,
    Inschrijving,
    Instelling,
    Locatie,
    Opleiding,
    Provincie,
)
from portfolio.proposals import selectors as proposal_selectors
from portfolio.proposals.models import Change, Message, Response
from werkagenda import exports as werkagenda_exports
from werkagenda import selectors as werkagenda_selectors

# Public registries: (file, queryset, columns). Columns may follow foreign keys (a__b).
REGISTRIES = [
    ("portfolio/provincies", Provincie.objects.order_by("code"), ["code", "naam"]),
    ("portfolio/arbeidsmarktregios", Arbeidsmarktregio.objects.order_by("code"),
     ["code", "naam"]),
    ("portfolio/gemeenten", Gemeente.objects.order_by("code"),
     ["code", "naam", "provincie__code", "arbeidsmarktregio__code", "inwoners", "lat", "lon"]),
    ("portfolio/bedrijfstakgroepen", Bedrijfstakgroep.objects.order_by("volgorde", "code"),
     ["code", "naam", "sectorkamer_code"]),
    ("portfolio/instellingen", Instelling.objects.order_by("brin"),
     ["brin", "naam", "type", "denominatie", "home_gemeente__code", "lid"]),
    ("portfolio/locaties", Locatie.objects.order_by("instelling__brin", "code"),
     ["id", "instelling__brin", "code", "naam", "adres", "postcode", "plaats",
      "gemeente__code"]),
    ("portfolio/opleidingen", Opleiding.objects.order_by("crebo"),
     ["crebo", "naam", "niveau", "leerwegen", "sectorkamer_code", "btg__code"]),
    ("portfolio/aanbod", Aanbod.objects.order_by("id"),
     ["id", "instelling__brin", "opleiding__crebo", "locatie_id", "leerweg", "status",
      "startdatum", "einddatum", "capaciteit", "bron"]),
    ("portfolio/inschrijvingen", Inschrijving.objects.order_by("aanbod_id", "jaar"),
     ["aanbod_id", "jaar", "studenten", "bron"]),
]


def _cell(value):
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return "" if value is None else value


def _csv(header: list[str], rows: Iterable[Iterable]) -> tuple[bytes, int]:
    """CSV bytes (UTF-8 with BOM) and the number of data rows."""
    buffer = io.StringIO()
    buffer.write("\ufeff")  # BOM so spreadsheet programs read UTF-8
    writer = csv.writer(buffer)
    writer.writerow(header)
    n = 0
    for row in rows:
        writer.writerow([_cell(v) for v in row])
        n += 1
    return buffer.getvalue().encode("utf-8"), n


def _values(queryset, columns: list[str]):
    return _csv(columns, queryset.values_list(*columns).iterator(chunk_size=2000))


def _proposal_datasets(user) -> dict:
    """Proposals the user may read, with their published changes, responses and messages.

    Unpublished draft changes are the proposer's (and co-signers') own: only they get them.
    """
    visible = proposal_selectors.proposal_list_for(user).order_by("id")
    ids = list(visible.values_list("pk", flat=True))
    editors = [p.pk for p in visible
               if user.has_perm("proposals.change_proposal", p)
               or user.has_perm("proposals.sign_proposal", p)]
    changes = Change.objects.filter(versie__proposal_id__in=ids,
                                    versie__gepubliceerd_op__isnull=False)
    drafts = Change.objects.filter(versie__proposal_id__in=editors,
                                   versie__gepubliceerd_op__isnull=True)
    change_cols = ["versie__proposal_id", "versie__nummer", "versie__gepubliceerd_op", "actie",
                   "instelling__brin", "opleiding__crebo", "locatie_id", "leerweg", "aanbod_id",
                   "studenten", "capaciteit", "ingangsdatum", "profiel"]
    return {
        "voorstellen/voorstellen": _values(visible, [
            "id", "soort", "titel", "status", "instelling__brin", "instelling__naam",
            "consultatie_tot", "ingediend_op", "besloten_op", "uitgevoerd_op", "besluit"]),
        "voorstellen/wijzigingen": _values((changes | drafts).order_by(
            "versie__proposal_id", "versie__nummer", "id"), change_cols),
        "voorstellen/reacties": _values(
            Response.objects.filter(proposal_id__in=ids).order_by("proposal_id", "id"),
            ["proposal_id", "instelling__brin", "soort", "redenen", "toelichting", "versie",
             "gegeven_op", "gewijzigd_op"]),
        "voorstellen/berichten": _values(
            Message.objects.filter(proposal_id__in=ids).order_by("proposal_id", "id"),
            ["proposal_id", "id", "parent_id", "auteur__username", "instelling__brin", "tekst",
             "geplaatst_op"]),
    }


def _case_datasets(user) -> dict:
    """Cases the user may see, their parties, and the timeline and documents they may read."""
    visible = list(arbitration_selectors.case_list_for(user).order_by("id"))
    ids = [c.pk for c in visible]
    timeline, documents = [], []
    for case in visible:
        timeline += [(case.pk, e.at, e.soort, e.old, e.new,
                      e.actor.username if e.actor else "", e.note, e.zichtbaarheid)
                     for e in arbitration_selectors.timeline_for(user, case)]
        documents += [(case.pk, d.id, d.soort, d.titel, d.naam, d.grootte,
                       d.instelling.brin if d.instelling else "", d.toegevoegd_op,
                       d.zichtbaarheid)
                      for d in arbitration_selectors.documents_for(user, case)]
    return {
        "geschillen/zaken": _csv(
            ["id", "titel", "aanleiding", "stap", "termijn", "geopend_op", "beeindigd_op",
             "voorstel_id", "omschrijving"],
            [(c.pk, c.titel, c.aanleiding, c.stage, c.termijn, c.geopend_op, c.beeindigd_op,
              c.proposal_id, c.omschrijving) for c in visible]),
        "geschillen/partijen": _values(
            CaseParty.objects.filter(case_id__in=ids).order_by("case_id", "id"),
            ["case_id", "instelling__brin", "instelling__naam", "rol"]),
        "geschillen/tijdlijn": _csv(["zaak_id", "tijdstip", "soort", "van", "naar", "door",
                                     "toelichting", "zichtbaarheid"], timeline),
        "geschillen/documenten": _csv(["zaak_id", "id", "soort", "titel", "bestandsnaam",
                                       "grootte", "instelling", "toegevoegd_op",
                                       "zichtbaarheid"], documents),
        "geschillen/casuistiek": _values(arbitration_selectors.published_list(), [
            "id", "titel", "samenvatting", "uitkomst", "dekkend", "toegankelijk",
            "onderscheidend", "relevant", "btg__code", "arbeidsmarktregio__code",
            "gepubliceerd_op"]),
        "geschillen/leerpunten": _values(arbitration_selectors.public_lessons(),
                                         ["case__publicatie__id", "tekst", "op"]),
    }


def _own_datasets(user) -> dict:
    notifications = proposal_selectors.notifications_for(user)
    return {
        "account/meldingen": _values(notifications.order_by("id"), [
            "id", "soort", "proposal_id", "tekst", "aangemaakt_op", "gelezen_op"]),
        "account/belangen": _values(
            InterestDeclaration.objects.filter(user=user).order_by("id"),
            ["id", "omschrijving", "instelling__brin", "opleiding__crebo",
             "arbeidsmarktregio__code", "sinds", "tot"]),
    }


def _account(user) -> dict:
    instelling = getattr(user, "instelling", None)
    return {
        "gebruikersnaam": user.username, "voornaam": user.first_name,
        "achternaam": user.last_name, "e-mail": user.email, "rol": user.rol,
        "instelling": {"brin": instelling.brin, "naam": instelling.naam} if instelling else None,
        "laatst_ingelogd": user.last_login.isoformat() if user.last_login else None,
        "lid_sinds": user.date_joined.isoformat(),
    }


def member_export(user) -> bytes:
    """A zip with one CSV per dataset the user may see, the account and a manifest."""
    datasets = {name: _values(qs, cols) for name, qs, cols in REGISTRIES}
    header, rows = werkagenda_exports.rows(werkagenda_selectors.actie_list())
    datasets["werkagenda/acties"] = _csv([str(h) for h in header], rows)
    datasets.update(_proposal_datasets(user))
    datasets.update(_case_datasets(user))
    datasets.update(_own_datasets(user))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, (content, _n) in datasets.items():
            archive.writestr(f"{name}.csv", content)
        archive.writestr("account/account.json",
                         json.dumps(_account(user), ensure_ascii=False, indent=2))
        archive.writestr("manifest.json", json.dumps({
            "gebruiker": user.username, "gemaakt_op": timezone.now().isoformat(),
            "bestanden": {f"{name}.csv": n for name, (_c, n) in datasets.items()},
        }, ensure_ascii=False, indent=2))
    return buffer.getvalue()


def member_export_filename(user) -> str:
    return f"mbo-regie-export-{user.username}-{timezone.localdate():%Y%m%d}.zip"
