"""Browser test of the whole conversation: propose, see the impact, submit, object, consult."""
import os
from pathlib import Path

import pytest

from portfolio.models import Aanbod
from portfolio.proposals.models import Kijkrichting, Proposal, Response, Status

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path("/usr/bin/chromium").exists() and not os.environ.get("CI"),
                       reason="Debian's Chromium (/usr/bin/chromium) is not installed"),
]


def _switch(page, login, username):
    page.context.clear_cookies()
    return login(username)


def test_a_start_is_proposed_objected_to_and_seen_in_the_consultation(portal, page, login,
                                                                     axe_violations):
    url = portal["url"]
    # A programme ROC TOP offers in Amsterdam, in a leerweg the qualification knows.
    theirs = next(a for a in Aanbod.objects.filter(instelling=portal["top"],
                                                    locatie__gemeente__code="GM0363")
                  .select_related("opleiding") if a.leerweg in a.opleiding.leerwegen_lijst)
    opleiding = theirs.opleiding

    # 1. The bestuurder of ROC van Amsterdam starts a concept and adds the concrete change.
    login("bestuurder")
    page.goto(f"{url}/voorstellen/")
    page.get_by_role("link", name="Nieuw voorstel").click()
    page.get_by_label("Soort voorstel").select_option("starten")
    page.get_by_label("Titel").fill(f"{opleiding.naam} in Amsterdam")
    page.get_by_label("Samenvatting").fill("Wij willen deze opleiding ook in Amsterdam geven.")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("link", name="Wijziging toevoegen").click()
    page.get_by_label("Opleiding", exact=True).select_option(
        label=f"{opleiding.naam} ({opleiding.crebo}, niveau {opleiding.niveau})")
    page.get_by_label("Locatie").select_option(
        label="ROC van Amsterdam – ROC van Amsterdam – Amsterdam (Amsterdam)")
    page.get_by_label("Leerweg").select_option(theirs.leerweg)
    page.get_by_label("Ingangsdatum").fill("2030-08-01")
    page.get_by_label("Verwachte studenten per jaar").fill("25")
    page.get_by_role("button", name="Opslaan").click()

    # 2. Before anyone decides: the overlap signal and the affected institution are shown.
    signals = page.get_by_role("list", name="Signalen")
    assert signals.get_by_text(
        "Overlap in gemeente Amsterdam met instelling ROC TOP zonder onderbouwing capaciteit "
        "of onderscheidend aanbod").is_visible()
    affected = page.locator(".proposal-affected")
    assert "ROC TOP" in affected.inner_text()
    assert axe_violations() == []

    # 3. The motivation per perspective, then submission.
    page.get_by_role("link", name="Tekst en motivatie bewerken").click()
    for _code, label in Kijkrichting.choices:
        page.get_by_label(str(label)).fill(f"Toelichting: {str(label).lower()}.")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("button", name="Indienen").click()
    assert page.get_by_text("Het voorstel is ingediend").is_visible()
    proposal = Proposal.objects.get()
    assert proposal.status == Status.INGEDIEND

    # 4. ROC TOP finds the proposal in "mijn acties" and objects, with a reason.
    _switch(page, login, "bestuurder2")
    page.goto(f"{url}/voorstellen/mijn-acties/")
    page.get_by_role("link", name=proposal.titel).click()
    page.get_by_role("link", name="Reageren").click()
    page.get_by_label("Bezwaar").check()
    page.get_by_label("Regionale dekking").fill("ROC TOP biedt deze opleiding al aan in "
                                                "Amsterdam, met ruimte over.")
    assert axe_violations() == []
    page.get_by_role("button", name="Reactie opslaan").click()
    assert page.get_by_text("Uw reactie is opgeslagen").is_visible()
    assert Response.objects.get(proposal=proposal).soort == "bezwaar"

    # 5. Staff see the proposal and the bezwaar in the consultation and on the meeting agenda.
    _switch(page, login, "staf")
    page.goto(f"{url}{proposal.get_absolute_url()}")
    table = page.get_by_role("table", name="Reacties van de betrokken instellingen")
    row = table.get_by_role("row", name="ROC TOP")
    assert "Bezwaar" in row.inner_text() and "met ruimte over" in row.inner_text()
    page.goto(f"{url}/voorstellen/overleggen/")
    page.get_by_role("link", name="Nieuw overleg").click()
    page.get_by_label("Soort").select_option("regionaal")
    page.get_by_label("Titel").fill("Regionaal overleg Groot Amsterdam")
    page.get_by_label("Datum").fill("2030-02-01")
    page.get_by_label("Arbeidsmarktregio").select_option(label="Groot Amsterdam")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_label("Voorstel").select_option(label=proposal.titel)
    page.get_by_role("button", name="Op de agenda zetten").click()
    agenda = page.locator(".proposal-agenda-item")
    assert proposal.titel in agenda.inner_text()
    assert "ROC TOP: Bezwaar" in agenda.inner_text()
    assert "1 bezwaar" in agenda.inner_text()
