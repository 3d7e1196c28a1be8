"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server."""
import os
from pathlib import Path

import pytest

from mbo_regie.accounts.models import Rol
from portfolio.models import Aanbod, Gemeente, Inschrijving, Instelling, Locatie, Opleiding
from portfolio.services import reference_data_load
from tests.factories import UserFactory

# Playwright runs an event loop in this thread; the ORM calls in fixtures are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe-core" / "axe.min.js"
PASSWORD = "geheim-wachtwoord-123"


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        raise pytest.UsageError("CI must run the browser tests: /usr/bin/chromium is missing.")
    skip = pytest.mark.skip(reason="Debian's Chromium (/usr/bin/chromium) is not installed")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"],
    }


@pytest.fixture
def portal(transactional_db, live_server):
    """The real reference data, a few offerings around Amsterdam and the demo roles."""
    reference_data_load()
    roc = Instelling.objects.get(brin="25PZ")
    top = Instelling.objects.get(brin="30RM")
    amsterdam = Gemeente.objects.get(code="GM0363")
    zaandam = Gemeente.objects.get(code="GM0479")
    for instelling, gemeente, n in ((roc, amsterdam, 6), (roc, zaandam, 3), (top, amsterdam, 4)):
        locatie = Locatie.objects.create(instelling=instelling, code=f"{instelling.brin}-{n}",
                                         naam=f"{instelling.naam} – {gemeente.naam}",
                                         gemeente=gemeente, lat=gemeente.lat, lon=gemeente.lon,
                                         bron="synthetisch")
        for i, opleiding in enumerate(Opleiding.objects.order_by("crebo")[n * 7:n * 7 + n]):
            aanbod = Aanbod.objects.create(instelling=instelling, opleiding=opleiding,
                                           locatie=locatie, leerweg="BOL" if i % 2 else "BBL",
                                           bron="synthetisch")
            Inschrijving.objects.create(aanbod=aanbod, jaar=2025, studenten=20 + i,
                                        bron="synthetisch")
    users = {
        "bestuurder": UserFactory(username="bestuurder", rol=Rol.BESTUURDER, instelling=roc,
                                  first_name="Bea", last_name="Bestuurder"),
        "bestuurder2": UserFactory(username="bestuurder2", rol=Rol.BESTUURDER, instelling=top),
        "staf": UserFactory(username="staf", rol=Rol.STAF, is_staff=True),
        "raadpleger": UserFactory(username="raadpleger", rol=Rol.RAADPLEGER),
    }
    return {"url": live_server.url, "users": users, "roc": roc, "top": top}


@pytest.fixture
def login(page, portal):
    """login(username) signs in through the real login form."""

    def do(username):
        page.goto(f"{portal['url']}/accounts/login/")
        page.get_by_label("Gebruikersnaam").fill(username)
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_url(f"{portal['url']}/")
        return page

    return do


@pytest.fixture
def axe_violations(page):
    """Serious or critical axe-core violations of the page as it is now."""

    def run():
        # The CSP refuses inline scripts (add_script_tag(path=...) is one): serve axe from the
        # page's own origin instead, which script-src 'self' allows.
        url = "/".join(page.url.split("/")[:3]) + "/__test__/axe.min.js"
        page.route(url, lambda route: route.fulfill(path=str(AXE),
                                                    content_type="application/javascript"),
                   times=1)
        page.add_script_tag(url=url)
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
                 "nodes": [n["target"] for n in v["nodes"]][:5]}
                for v in result["violations"] if v["impact"] in ("serious", "critical")]

    return run
