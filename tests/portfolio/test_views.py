"""Registry pages: lists filter and paginate, CSV exports every filtered row, details render."""
import csv
import io

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from portfolio import views
from tests.factories import AanbodFactory, InschrijvingFactory, OpleidingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def portfolio(instelling, instelling2):
    bol = OpleidingFactory(crebo="25180", naam="Verzorgende-IG", niveau=3)
    bbl = OpleidingFactory(crebo="25655", naam="Mbo-Verpleegkundige", niveau=4)
    rows = [AanbodFactory(instelling=instelling, opleiding=bol, leerweg="BOL", bron="synthetisch"),
            AanbodFactory(instelling=instelling, opleiding=bbl, leerweg="BBL", bron="synthetisch"),
            AanbodFactory(instelling=instelling2, opleiding=bol, leerweg="BOL", bron="duo")]
    for i, aanbod in enumerate(rows):
        InschrijvingFactory(aanbod=aanbod, jaar=2025, studenten=10 * (i + 1))
    return rows


def test_the_offering_list_filters_by_institution_and_leerweg(client_for, raadpleger, portfolio,
                                                              instelling):
    client = client_for(raadpleger)
    response = client.get(reverse("portfolio:aanbod_list"),
                          {"instelling": instelling.pk, "leerweg": "BBL"})
    assert response.status_code == 200
    assert [a.opleiding.crebo for a in response.context["object_list"]] == ["25655"]
    assert response.context["total"] == 1


def test_the_offering_list_searches_by_programme_name(client_for, raadpleger, portfolio):
    response = client_for(raadpleger).get(reverse("portfolio:aanbod_list"), {"q": "verzorg"})
    assert {a.opleiding.crebo for a in response.context["object_list"]} == {"25180"}


def test_the_csv_export_has_every_filtered_row_with_its_source(client_for, raadpleger, portfolio):
    response = client_for(raadpleger).get(reverse("portfolio:aanbod_list"),
                                          {"opleiding": "25180", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 2
    assert {r["Bron"] for r in rows} == {"Synthetisch", "DUO-import"}
    assert sorted(int(r["Studenten"]) for r in rows) == [10, 30]


def test_pages_label_synthetic_offerings(client_for, raadpleger, portfolio):
    html = client_for(raadpleger).get(reverse("portfolio:aanbod_list")).content.decode()
    assert "synthetisch" in html


def test_offering_rows_link_to_their_page_and_show_status_and_source(client_for, raadpleger,
                                                                   portfolio):
    portfolio[1].status = "in_afbouw"
    portfolio[1].save()
    html = client_for(raadpleger).get(reverse("portfolio:aanbod_list")).content.decode()
    for aanbod in portfolio:
        assert f'href="{aanbod.get_absolute_url()}"' in html
    assert ">In afbouw</td>" in html and ">Actief</td>" in html
    # Each synthetic row carries the badge; the DUO row does not.
    assert html.count('class="portal-synthetic-badge"') == 2


def test_the_page_bar_is_the_same_with_only_the_numbers_it_shows():
    paginator = views.PageWindowPaginator(list(range(1000)), 5)  # 200 pages
    assert list(paginator.page_range) == list(range(1, 201))
    paginator.page(100)
    assert list(paginator.page_range) == [1, 97, 98, 99, 100, 101, 102, 103, 200]
    paginator.page(2)
    assert list(paginator.page_range) == [1, 2, 3, 4, 5, 200]
    assert len(list(paginator)) == 200
    # The bar the shared template draws from either paginator (whitespace aside) is the same.
    request = RequestFactory().get("/portfolio/aanbod/", {"q": "zorg"})
    for number in (1, 2, 4, 5, 50, 196, 199, 200):
        bars = [" ".join(render_to_string("includes/pagination.html",
                                          {"page_obj": each.page(number)},
                                          request=request).split())
                for each in (Paginator(list(range(1000)), 5),
                             views.PageWindowPaginator(list(range(1000)), 5))]
        assert bars[0] == bars[1]
        assert f'aria-current="page" href="?q=zorg&amp;page={number}"' in bars[1]


def test_an_invalid_filter_value_gives_a_field_error_not_a_crash(client_for, raadpleger,
                                                                 portfolio):
    response = client_for(raadpleger).get(reverse("portfolio:aanbod_list"), {"leerweg": "XYZ"})
    assert response.status_code == 200
    assert response.context["filter"].errors["leerweg"]


@pytest.mark.parametrize("name,arg", [
    ("portfolio:instelling_detail", lambda p: p[0].instelling.brin),
    ("portfolio:opleiding_detail", lambda p: p[0].opleiding.crebo),
    ("portfolio:aanbod_detail", lambda p: p[0].pk),
    ("portfolio:locatie_detail", lambda p: p[0].locatie.pk),
    ("portfolio:gemeente_detail", lambda p: p[0].locatie.gemeente.code),
    ("portfolio:regio_detail", lambda p: p[0].locatie.gemeente.arbeidsmarktregio.code),
    ("portfolio:provincie_detail", lambda p: p[0].locatie.gemeente.provincie.code),
])
def test_detail_pages_render(client_for, raadpleger, portfolio, name, arg):
    response = client_for(raadpleger).get(reverse(name, args=[arg(portfolio)]))
    assert response.status_code == 200


def test_an_unknown_institution_is_404(client_for, raadpleger):
    response = client_for(raadpleger).get(reverse("portfolio:instelling_detail", args=["99ZZ"]))
    assert response.status_code == 404


def test_the_api_labels_synthetic_rows(client_for, raadpleger, portfolio):
    body = client_for(raadpleger).get("/api/aanbod/").json()
    assert body["count"] == 3
    assert sorted(r["synthetisch"] for r in body["results"]) == [False, True, True]
    body = client_for(raadpleger).get("/api/inschrijvingen/", {"jaar": 2025}).json()
    assert body["count"] == 3


@pytest.mark.django_db
def test_the_student_breakdown_adds_up_as_the_separate_queries_do():
    """The institution page reads its three tables with one query (students_breakdown); the
    other pages use students_by and students_per_year. Both must tell the same story: latest
    year and active offerings for the groups, every year and offering for the trend."""
    from django.db.models import Q

    from portfolio import selectors
    from portfolio.models import Aanbod
    from tests.factories import InstellingFactory

    roc = InstellingFactory()
    niveau2, niveau4 = OpleidingFactory(niveau=2), OpleidingFactory(niveau=4)
    active2 = AanbodFactory(instelling=roc, opleiding=niveau2)
    active4 = AanbodFactory(instelling=roc, opleiding=niveau4)
    stopped4 = AanbodFactory(instelling=roc, opleiding=OpleidingFactory(niveau=4),
                             status=Aanbod.Status.GESTOPT)
    for aanbod, n24, n25 in ((active2, 10, 12), (active4, 30, 31), (stopped4, 7, 5)):
        InschrijvingFactory(aanbod=aanbod, jaar=2024, studenten=n24)
        InschrijvingFactory(aanbod=aanbod, jaar=2025, studenten=n25)
    InschrijvingFactory(aanbod=AanbodFactory(), jaar=2025, studenten=99)  # another institution

    own = Q(aanbod__instelling=roc)
    got = selectors.students_breakdown(own, {"per_niveau": "aanbod__opleiding__niveau"})
    assert got["per_niveau"] == [{"label": 4, "studenten": 31, "aanbod": 1},
                                 {"label": 2, "studenten": 12, "aanbod": 1}]
    assert got["per_jaar"] == [{"jaar": 2024, "studenten": 47}, {"jaar": 2025, "studenten": 48}]
    assert got["per_niveau"] == selectors.students_by(own, "aanbod__opleiding__niveau")
    assert got["per_jaar"] == selectors.students_per_year(own)
