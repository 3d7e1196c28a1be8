"""A bestuurder finds the own institution, filters its offerings and switches to English."""
import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_bestuurder_opens_the_own_institution_filters_offerings_and_switches_language(
        portal, login):
    page = login("bestuurder")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Samen regie")
    page.get_by_role("link", name="ROC van Amsterdam").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ROC van Amsterdam")
    expect(page.get_by_text("uw instelling")).to_be_visible()

    page.locator("#aanbod-link").click()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(9)
    page.get_by_label("Leerweg").select_option("BBL")
    page.get_by_role("button", name="Filteren").click()
    expect(page).to_have_url(re.compile(r"leerweg=BBL"))
    expect(rows).to_have_count(5)
    for cell in page.locator("table tbody tr td:nth-child(5)").all_inner_texts():
        assert cell.strip() == "BBL"
    expect(page.get_by_text("synthetisch").first).to_be_visible()

    page.get_by_label(re.compile("Taal")).select_option("en")
    page.get_by_role("button", name="Wijzig taal").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("navigation").get_by_role("link", name="Institutions")).to_be_visible()
    expect(page).to_have_url(re.compile(r"leerweg=BBL"))


def test_a_wrong_password_shows_an_error_and_keeps_the_visitor_out(portal, page):
    page.goto(f"{portal['url']}/portfolio/instellingen/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    page.get_by_label("Gebruikersnaam").fill("bestuurder")
    page.get_by_label("Wachtwoord").fill("verkeerd")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


@pytest.mark.parametrize("path", [
    "/", "/portfolio/instellingen/", "/portfolio/instellingen/25PZ/", "/portfolio/aanbod/",
    "/portfolio/opleidingen/", "/portfolio/gemeenten/", "/portfolio/gemeenten/GM0363/",
    "/portfolio/regios/", "/portfolio/locaties/",
])
def test_pages_have_no_serious_accessibility_violations(portal, login, axe_violations, path):
    page = login("raadpleger")
    page.goto(f"{portal['url']}{path}")
    assert axe_violations() == []


def test_the_login_page_has_no_serious_accessibility_violations(portal, page, axe_violations):
    page.goto(f"{portal['url']}/accounts/login/")
    assert axe_violations() == []
