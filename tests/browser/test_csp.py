"""The Content-Security-Policy breaks nothing: pages load without a single violation.

A refused script or style fails silently (the page just looks or behaves wrong), so the browser
reports every violation to us: the securitypolicyviolation event and the console.
"""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_map import computed  # noqa: F401 - fixture: a finished indicator run

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(
    `${e.violatedDirective}: ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`));
"""


@pytest.fixture
def violations(page):
    """violations() -> CSP violations seen by the page and the console since the last load."""
    console = []
    page.on("console", lambda msg: console.append(msg.text)
            if "Content Security Policy" in msg.text else None)
    page.add_init_script(LISTENER)  # init scripts run before the page and are not subject to CSP

    def collect():
        page.wait_for_load_state("networkidle")
        return page.evaluate("window.__cspViolations || []") + console

    return collect


PAGES = [
    ("/", "Samen regie"),
    ("/portfolio/instellingen/", "Instellingen"),
    ("/indicatoren/kaart/", "Kaart van de indicatoren"),
    ("/voorstellen/", "Voorstellen"),
    ("/geschillen/", "Geschillen"),
    ("/werkagenda/", "Werkagenda"),
    ("/audit/", "Auditlog"),
    ("/admin/", "Websitebeheer"),
    ("/api/docs/", None),
]


def test_the_login_page_loads_without_csp_violations(portal, page, violations):
    response = page.goto(f"{portal['url']}/accounts/login/")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    assert violations() == []


def test_the_portal_pages_load_without_csp_violations(portal, login, violations):
    page = login("staf")
    for path, heading in PAGES:
        page.goto(f"{portal['url']}{path}")
        if heading:
            expect(page.locator("h1").first).to_contain_text(heading)
        else:  # Swagger UI renders the schema with its own (external) scripts
            expect(page.locator(".swagger-ui .info .title")).to_contain_text("MBO Regie API",
                                                                            timeout=30_000)
        assert violations() == [], path


def test_htmx_swaps_the_map_without_csp_violations(computed, portal, login, violations):  # noqa: F811
    page = login("bestuurder")
    page.goto(f"{portal['url']}/indicatoren/kaart/")
    select = page.locator("form.portal-filter select").first
    choices = select.locator("option").count()
    assert choices > 1
    with page.expect_response(lambda r: "/indicatoren/kaart/" in r.url
                              and r.request.headers.get("hx-request") == "true"):
        select.select_option(index=choices - 1)
    # The styles moved out of the template still apply (portal.css), so the layout holds.
    legend = page.locator(".map-legend").first
    expect(legend).to_be_visible()
    assert legend.evaluate("e => getComputedStyle(e).listStyleType") == "none"
    assert violations() == []


def test_the_listener_does_catch_a_violation(portal, page, violations):
    """Guard against a check that cannot fail: an inline style is refused and reported."""
    page.goto(f"{portal['url']}/accounts/login/")
    page.evaluate("document.head.insertAdjacentHTML('beforeend', '<style>body{}</style>')")
    page.wait_for_timeout(200)
    assert any(re.search("style-src", v) for v in violations())
