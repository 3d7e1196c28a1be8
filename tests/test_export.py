"""The member export: everything a member may see, nothing they may not."""
import csv
import datetime
import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from arbitration.models import Aanleiding
from arbitration.services import cases
from mbo_regie.accounts.models import Rol
from mbo_regie.export import member_export
from portfolio.proposals.services import drafts, lifecycle
from tests.factories import (
    AanbodFactory,
    InstellingFactory,
    LocatieFactory,
    OpleidingFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
MOTIVATIE = dict.fromkeys(
    ("maatschappelijke_relevantie", "regionale_dekking", "studentperspectief",
     "onderscheidend", "diversiteit", "doelmatigheid", "impact_op_anderen"), "Motivatie.")


def _proposal(actor, titel, *, submit):
    locatie = LocatieFactory(instelling=actor.instelling)
    proposal = drafts.proposal_create(actor=actor, soort="starten", titel=titel,
                                      samenvatting="Wij willen deze opleiding starten.")
    drafts.proposal_update(proposal=proposal, actor=actor, motivatie=MOTIVATIE)
    drafts.change_add(proposal=proposal, actor=actor, data={
        "actie": "start", "opleiding": OpleidingFactory(), "locatie": locatie, "leerweg": "BOL",
        "ingangsdatum": timezone.localdate() + datetime.timedelta(days=400), "studenten": 20})
    if submit:
        lifecycle.proposal_submit(proposal=proposal, actor=actor)
    return proposal


def _case(actor, other, titel):
    return cases.case_open(actor=actor, titel=titel, aanleiding=Aanleiding.WERVING,
                           omschrijving="Actieve werving.", wederpartijen=[other])


@pytest.fixture
def portal(bestuurder, bestuurder2, staf):
    """Proposals and cases of three institutions; ``bestuurder`` is party to some of them."""
    derde = UserFactory(username="derde", rol=Rol.BESTUURDER,
                        instelling=InstellingFactory(brin="99XX", naam="Derde College"))
    AanbodFactory(instelling=bestuurder.instelling)
    return {
        "eigen_concept": _proposal(bestuurder, "Eigen concept", submit=False),
        "eigen_ingediend": _proposal(bestuurder, "Eigen ingediend", submit=True),
        "ander_concept": _proposal(bestuurder2, "Vertrouwelijk concept", submit=False),
        "ander_ingediend": _proposal(bestuurder2, "Ingediend door ROC TOP", submit=True),
        "eigen_zaak": _case(bestuurder2, bestuurder.instelling, "Zaak tegen ons"),
        "andermans_zaak": _case(bestuurder2, derde.instelling, "Zaak zonder ons"),
    }


def _read(data: bytes) -> dict[str, list[dict]]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    out = {}
    for name in archive.namelist():
        if name.endswith(".csv"):
            text = archive.read(name).decode("utf-8-sig")
            out[name] = list(csv.DictReader(io.StringIO(text)))
        else:
            out[name] = json.loads(archive.read(name))
    return out


def test_a_bestuurders_export_has_what_they_may_see_and_nothing_else(portal, bestuurder):
    export = _read(member_export(bestuurder))
    titels = {row["titel"] for row in export["voorstellen/voorstellen.csv"]}
    assert {"Eigen concept", "Eigen ingediend", "Ingediend door ROC TOP"} <= titels
    assert "Vertrouwelijk concept" not in titels
    zaken = {row["titel"] for row in export["geschillen/zaken.csv"]}
    assert zaken == {"Zaak tegen ons"}
    zaak_ids = {str(portal["eigen_zaak"].pk)}
    assert {row["zaak_id"] for row in export["geschillen/tijdlijn.csv"]} <= zaak_ids
    assert {row["case_id"] for row in export["geschillen/partijen.csv"]} == zaak_ids
    # Changes: own concept's draft changes yes, the other institution's concept's no.
    proposal_ids = {row["versie__proposal_id"] for row in export["voorstellen/wijzigingen.csv"]}
    assert str(portal["eigen_concept"].pk) in proposal_ids
    assert str(portal["ander_concept"].pk) not in proposal_ids
    # The public registries and the own account.
    assert {row["brin"] for row in export["portfolio/instellingen.csv"]} >= {"25PZ", "30RM",
                                                                             "99XX"}
    assert len(export["portfolio/aanbod.csv"]) >= 1
    assert export["account/account.json"]["gebruikersnaam"] == "bestuurder"
    assert export["account/account.json"]["instelling"]["brin"] == "25PZ"
    manifest = export["manifest.json"]["bestanden"]
    assert manifest["geschillen/zaken.csv"] == 1


def test_staff_export_has_every_case_and_proposal(portal, staf):
    export = _read(member_export(staf))
    assert {row["titel"] for row in export["geschillen/zaken.csv"]} == {"Zaak tegen ons",
                                                                       "Zaak zonder ons"}
    assert "Vertrouwelijk concept" in {r["titel"] for r in export["voorstellen/voorstellen.csv"]}


def test_notifications_in_the_export_are_only_the_users_own(portal, bestuurder, bestuurder2):
    mine = _read(member_export(bestuurder))["account/meldingen.csv"]
    theirs = _read(member_export(bestuurder2))["account/meldingen.csv"]
    assert not {r["id"] for r in mine} & {r["id"] for r in theirs}


def test_the_page_offers_the_button_and_downloads_the_zip(portal, bestuurder):
    client = Client()
    client.force_login(bestuurder, backend="mbo_regie.accounts.backends.PortalModelBackend")
    page = client.get("/mijn-gegevens/")
    assert page.status_code == 200
    assert "Exporteer mijn gegevens" in page.content.decode()
    response = client.post("/mijn-gegevens/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    titels = {r["titel"] for r in _read(response.content)["voorstellen/voorstellen.csv"]}
    assert "Vertrouwelijk concept" not in titels and "Eigen concept" in titels


def test_the_page_needs_a_login(db):
    response = Client().get("/mijn-gegevens/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_command_writes_the_export_of_the_named_user(portal, bestuurder, tmp_path):
    target = tmp_path / "export.zip"
    call_command("export_member_data", "bestuurder", "--output", str(target),
                 stdout=io.StringIO())
    assert "Zaak zonder ons" not in {r["titel"] for r in
                                     _read(target.read_bytes())["geschillen/zaken.csv"]}


def test_the_command_refuses_an_unknown_user(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("export_member_data", "niemand")
