"""The whole path in a real browser: from a disputed proposal to a published ruling summary.

Staff open the case, a party signals the bestuur, the bestuur advises a mediator, mediation
fails, staff test the scope, the party asks for arbitration, staff compose the panel, the
panel hears the parties and drafts the ruling with an order, the chair signs, staff execute
the order (the registry changes) and publish the anonymised summary for everyone.
"""
import datetime
import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from arbitration.models import Case, Stage
from mbo_regie.accounts.models import Rol
from portfolio.models import Aanbod, Locatie
from tests.browser import conftest as browser_conftest
from tests.factories import UserFactory

from .factories import commissielid, disputed_proposal

# The lead's browser fixtures (Chromium launch arguments, the portal with reference data and
# demo roles, login through the real form) serve this test too.
browser_type_launch_args = browser_conftest.browser_type_launch_args
portal = browser_conftest.portal
login = browser_conftest.login

pytestmark = [
    pytest.mark.browser, pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path("/usr/bin/chromium").exists() and not os.environ.get("CI"),
                       reason="Debian's Chromium (/usr/bin/chromium) is not installed"),
]


def act(page, slug: str, fields: dict, done: str) -> None:
    """Open the form of one verb, fill it by label, submit, and expect the success message."""
    box = page.locator(f"#verb-{slug}")
    if box.get_attribute("open") is None:
        box.locator("summary").click()
    for label, value in fields.items():
        field = box.get_by_label(label, exact=True)
        if value is True:
            field.check()
        elif field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)
    box.get_by_role("button").click()
    expect(page.locator(".utrecht-alert--error")).to_have_count(0)
    expect(page.get_by_role("status").filter(has_text=done)).to_be_visible()


@pytest.fixture
def disputed(portal):
    """ROC van Amsterdam proposes to start what ROC TOP already offers in Amsterdam; ROC TOP
    objects and reports a dispute (through the proposals app's services)."""
    theirs = Aanbod.objects.filter(instelling=portal["top"]).select_related("opleiding").first()
    ours = Locatie.objects.get(instelling=portal["roc"], gemeente__code="GM0363")
    proposal = disputed_proposal(proposer=portal["users"]["bestuurder"],
                                 objector=portal["users"]["bestuurder2"],
                                 opleiding=theirs.opleiding, locatie=ours,
                                 leerweg=theirs.leerweg)
    users = {"bestuur": UserFactory(username="bestuur", rol=Rol.BESTUUR),
             "voorzitter": UserFactory(username="voorzitter", rol=Rol.VOORZITTER,
                                       first_name="Vera", last_name="Voorzitter"),
             "lid1": commissielid("lid1"), "lid2": commissielid("lid2")}
    return {"proposal": proposal, "theirs": theirs, **users}


def test_from_a_disputed_proposal_to_a_published_ruling_summary(portal, login, page, disputed):
    base = portal["url"]
    theirs = disputed["theirs"]

    # Staff open the case from the list of disputed proposals.
    login("staf")
    page.goto(f"{base}/geschillen/voorstellen/")
    page.get_by_role("link", name="Zaak openen").click()
    page.get_by_role("button", name="Zaak openen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start opleiding in Amsterdam")
    expect(page.locator('[aria-current="step"]')).to_contain_text("Dialoog")
    case_url = page.url
    case = Case.objects.get()
    assert case.proposal_id == disputed["proposal"].pk

    # The proposing party signals the bestuur; the bestuur advises a mediator.
    login("bestuurder")
    page.goto(case_url)
    expect(page.get_by_text("Geen overeenstemming.").first).to_be_visible()
    act(page, "signaal-bestuur", {"Toelichting": "Wij komen er samen niet uit."},
        "Het signaal is aan het bestuur gegeven.")
    login("bestuur")
    page.goto(case_url)
    act(page, "reactie-bestuur", {
        "Reactie van het bestuur": "Advies om een bemiddelaar aan te stellen",
        "Toelichting": "Stel een onafhankelijke bemiddelaar aan."},
        "De reactie van het bestuur is vastgelegd.")

    # Staff appoint the mediator, record that mediation failed, and test the scope.
    login("staf")
    page.goto(case_url)
    act(page, "bemiddeling-starten", {"Bemiddelaar": "mr. J. de Wit"},
        "De bemiddeling is gestart.")
    act(page, "bemiddeling-afronden", {"Zonder vergelijk": True,
                                       "Toelichting (bij een vergelijk: de voorwaarden)":
                                       "Geen vergelijk na drie sessies."},
        "De uitkomst van de bemiddeling is vastgelegd.")
    act(page, "reikwijdte", {
        "Er is concurrentie tussen scholen op studentstromen of marktaandeel": True,
        "Dit staat op spanning met een onderscheidend aanbod": True,
        "Onderbouwing van de toets": "Strijd om dezelfde studenten in één gemeente."},
        "De toets op de reikwijdte is vastgelegd.")

    # The party submits the case to the arbitragecommissie.
    login("bestuurder")
    page.goto(case_url)
    act(page, "arbitrage-vragen", {"Toelichting": "Alle stappen zijn doorlopen."},
        "De zaak is aan de arbitragecommissie voorgelegd.")
    expect(page.locator('[aria-current="step"]')).to_contain_text("Arbitrage")

    # Staff compose the panel; a candidate of a party's institution would be excluded.
    login("staf")
    page.goto(f"{case_url}panel/")
    for naam in ("Vera Voorzitter", "Lid Lid1", "Lid Lid2"):
        page.get_by_role("button", name=f"Benoemen {naam}").click()
        expect(page.get_by_role("status").filter(has_text="Het panellid is benoemd.")) \
            .to_be_visible()

    # The chair sets the hearing (it took place yesterday); a member drafts the ruling.
    login("voorzitter")
    page.goto(case_url)
    yesterday = timezone.localtime() - datetime.timedelta(days=1)
    act(page, "hoorzitting", {"Datum en tijd": yesterday.strftime("%Y-%m-%dT10:00"),
                              "Plaats": "MBO Raad, Woerden"}, "De hoorzitting is gepland.")
    login("lid1")
    page.goto(f"{case_url}uitspraak/")
    act(page, "uitspraak-concept", {
        "Beslissing": "De start gaat niet door; ROC TOP legt een eigen profiel vast.",
        "Uitkomst": "Verzoek deels toegewezen",
        "Dekkend": "Het aanbod in Amsterdam is al dekkend.",
        "Toegankelijk": "Studenten bereiken de opleiding al binnen reisafstand.",
        "Onderscheidend": "Een tweede, gelijke opleiding is niet onderscheidend.",
        "Relevant": "De arbeidsmarkt vraagt geen tweede aanbieder."},
        "De concept-uitspraak is opgeslagen.")
    deadline = (timezone.localdate() + datetime.timedelta(days=60)).isoformat()
    act(page, "last", {"Soort last": "Aanbod wijzigen (capaciteit of profiel)",
                       "Omschrijving": "Leg het eigen profiel vast in het register.",
                       "Verantwoordelijke instelling": "ROC TOP", "Uiterlijk": deadline,
                       "Aanbod (bij stoppen of wijzigen)": str(theirs),
                       "Onderscheidend profiel (bij wijzigen)": "Praktijkroute met "
                                                                 "leerbedrijven."},
        "De last is toegevoegd.")

    # The chair signs: the ruling is binding and cannot be edited any more.
    login("voorzitter")
    page.goto(f"{case_url}uitspraak/")
    act(page, "ondertekenen", {}, "De uitspraak is ondertekend en bindend.")
    expect(page.get_by_text("bindend", exact=True)).to_be_visible()
    expect(page.locator("#verb-uitspraak-concept")).to_have_count(0)

    # Staff execute the order: the registry changes; then they publish the summary.
    login("staf")
    page.goto(case_url)
    act(page, "uitvoering-starten", {}, "De uitvoering is gestart.")
    act(page, "last-verifieren", {"Last": "Aanbod wijzigen (capaciteit of profiel): Leg het "
                                          "eigen profiel vast in het register.",
                                  "Verificatie": "Gezien in het register."},
        "De last is geverifieerd.")
    theirs.refresh_from_db()
    assert theirs.profiel == "Praktijkroute met leerbedrijven."
    expect(page.get_by_role("link", name="Doorgevoerd in het register").first).to_be_visible()
    page.get_by_role("link", name="Samenvatting publiceren").click()
    summary = page.locator("#verb-publiceren").get_by_label("Geanonimiseerde samenvatting")
    expect(summary).not_to_contain_text("ROC TOP")
    act(page, "publiceren", {"Titel": "Tweede aanbieder in dezelfde gemeente"},
        "De samenvatting staat in de casuïstiek.")
    assert Case.objects.get().stage == Stage.UITVOERING

    # Everyone, without logging in, finds the case in the casuïstiek.
    page.context.clear_cookies()
    page.goto(f"{base}/geschillen/casuistiek/")
    page.get_by_label("Criterium").select_option(label="Onderscheidend")
    page.get_by_role("button", name="Filteren").click()
    page.get_by_role("link", name="Tweede aanbieder in dezelfde gemeente").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Tweede aanbieder in dezelfde gemeente")
    expect(page.get_by_text("Verzoek deels toegewezen")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("ROC TOP")


axe_violations = browser_conftest.axe_violations


def test_the_arbitration_pages_have_no_serious_accessibility_violations(portal, login, page,
                                                                        disputed,
                                                                        axe_violations):
    from arbitration.services import cases, publication

    from .factories import Journey

    users = portal["users"]
    journey = Journey(staf=users["staf"], partij=users["bestuurder"],
                      wederpartij=users["bestuurder2"], bestuur=disputed["bestuur"],
                      voorzitter=disputed["voorzitter"],
                      leden=[disputed["lid1"], disputed["lid2"]],
                      aanbod=Aanbod.objects.filter(instelling=portal["roc"]).first())
    case = journey.at(Stage.UITSPRAAK)
    publication.case_publish(case=case, actor=users["staf"], titel="Casus",
                             samenvatting="Instelling B wierf.", dekkend=True)
    open_case = cases.case_open_from_proposal(proposal=disputed["proposal"], actor=users["staf"])
    login("staf")
    for path in ("/geschillen/", f"/geschillen/{case.pk}/", f"/geschillen/{case.pk}/uitspraak/",
                 f"/geschillen/{case.pk}/dossier/", f"/geschillen/{open_case.pk}/",
                 "/geschillen/nieuw/", "/geschillen/voorstellen/",
                 f"/geschillen/{case.pk}/publiceren/", f"/geschillen/{case.pk}/panel/"):
        page.goto(f"{portal['url']}{path}")
        for box in page.locator("details.portal-verb").all():
            box.evaluate("e => e.open = true")
        assert axe_violations() == [], path
    login("voorzitter")
    page.goto(f"{portal['url']}/geschillen/belangen/")
    assert axe_violations() == []
    page.context.clear_cookies()
    for path in ("/geschillen/casuistiek/", f"/geschillen/casuistiek/{case.publicatie.pk}/"):
        page.goto(f"{portal['url']}{path}")
        assert axe_violations() == [], path
