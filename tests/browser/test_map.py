"""A reader opens the indicator map, picks another programme and sees map and table change."""
import re

import pytest
from playwright.sync_api import expect

from portfolio import indicator_services
from portfolio.models import IndicatorRun, Opleiding

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def computed(portal):
    """A finished run on the portal's offerings (executed here: no Celery worker needed)."""
    IndicatorRun.objects.all().delete()
    run = IndicatorRun.objects.create(trigger=IndicatorRun.Trigger.MANUAL)
    indicator_services.indicator_run_execute(run_id=run.pk)
    crebos = list(Opleiding.objects.order_by("crebo").values_list("crebo", flat=True))
    # The portal fixture offers programme 21 in Zaanstad only and programme 42 in Amsterdam only.
    return {"zaanstad_only": crebos[21], "amsterdam_only": crebos[42]}


def _first_row(page):
    return page.locator("#kaart-tabel tbody tr").first.get_attribute("data-gemeente")


def _klasse(page, code):
    return page.locator(f'svg.choropleth path[data-gemeente="{code}"]').get_attribute(
        "data-klasse")


def test_choosing_another_programme_redraws_the_map_and_the_table(portal, login, computed,
                                                                 axe_violations):
    page = login("raadpleger")
    a, b = computed["zaanstad_only"], computed["amsterdam_only"]
    page.goto(f"{portal['url']}/indicatoren/kaart/?indicator=reistijd&crebo={a}")
    expect(page.locator("svg.choropleth path")).to_have_count(342)
    expect(page.locator("#kaart-tabel tbody tr")).to_have_count(342)
    expect(page.locator("#kaart-tabel-titel")).to_contain_text(a)
    assert _first_row(page) == "GM0479" and _klasse(page, "GM0479") == "0"
    groningen = page.locator('svg.choropleth path[data-gemeente="GM0014"] title')
    expect(groningen).to_have_text(re.compile(r"^Groningen: [\d.,]+ min, buiten bereik$"))
    assert axe_violations() == []

    # htmx swaps only the map and table: a marker on the page survives the change.
    page.evaluate("window.zelfdePagina = true")
    field = page.get_by_label("Opleiding (crebo of naam)")
    field.fill(b)
    field.press("Enter")
    expect(page.locator("#kaart-tabel-titel")).to_contain_text(b)
    expect(page).to_have_url(re.compile(rf"crebo={b}"))
    assert _first_row(page) == "GM0363"
    assert _klasse(page, "GM0363") == "0" and _klasse(page, "GM0479") != "0"
    assert page.evaluate("window.zelfdePagina") is True

    page.get_by_label("Indicator", exact=True).select_option("witte_vlekken")
    expect(page.get_by_role("heading", level=2, name=re.compile("Witte vlekken"))).to_be_visible()
    expect(page.locator("svg.choropleth path")).to_have_count(342)
    assert page.evaluate("window.zelfdePagina") is True


def test_the_map_form_works_without_javascript(portal, login, computed, browser):
    cookies = login("raadpleger").context.cookies()
    context = browser.new_context(java_script_enabled=False)
    context.add_cookies(cookies)
    page = context.new_page()
    b = computed["amsterdam_only"]
    page.goto(f"{portal['url']}/indicatoren/kaart/")
    page.get_by_label("Opleiding (crebo of naam)").fill(b)
    page.get_by_role("button", name="Toon kaart").click()
    expect(page).to_have_url(re.compile(rf"crebo={b}"))
    expect(page.locator("#kaart-tabel-titel")).to_contain_text(b)
    assert _first_row(page) == "GM0363"
    context.close()
