"""Registry pages: filtered lists with CSV export, and detail pages."""
import csv
from operator import attrgetter

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from . import filters, selectors
from .indicator_views import panels
from .models import (
    Aanbod,
    Arbeidsmarktregio,
    Bron,
    Gemeente,
    Instelling,
    Locatie,
    Opleiding,
    Provincie,
)


class _Echo:
    def write(self, value):
        return value


def _cell(obj, accessor):
    value = accessor(obj) if callable(accessor) else attrgetter(accessor)(obj)
    return "" if value is None else value


class PageWindowPaginator(Paginator):
    """A paginator whose ``page_range``, once a page is chosen, holds only the page numbers
    that includes/pagination.html can show: the first, the last, and three either side of the
    current page (two as links, the third as "…"). The template tests every number it is
    given; over the ~200 pages of the offerings that loop cost more than the rows themselves.
    The page bar comes out the same.
    """

    window = 3
    current = None

    def page(self, number):
        page = super().page(number)
        self.current = page.number
        return page

    @property
    def page_range(self):
        last = self.num_pages
        if self.current is None:
            return range(1, last + 1)
        around = range(max(1, self.current - self.window),
                       min(last, self.current + self.window) + 1)
        return sorted({1, last, *around})

    def __iter__(self):
        for number in range(1, self.num_pages + 1):
            yield super().page(number)


class RegistryListView(ListView):
    """A filtered, paginated registry list; `?format=csv` exports every filtered row."""

    filterset_class = None
    selector = None
    paginate_by = 50
    paginator_class = PageWindowPaginator
    title = ""
    csv_columns: list[tuple[str, object]] = []
    csv_name = "export"

    def get_queryset(self):
        self.filterset = self.filterset_class(self.request.GET or None,
                                              queryset=type(self).selector())
        return self.filterset.qs if self.filterset.is_bound else self.filterset.queryset

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            # The export needs neither the page nor the count.
            return self.csv_response(self.get_queryset())
        return super().get(request, *args, **kwargs)

    def csv_response(self, rows):
        writer = csv.writer(_Echo())
        header = [str(h) for h, _a in self.csv_columns]

        def stream():
            yield "\ufeff"  # BOM so spreadsheet programs read UTF-8
            yield writer.writerow(header)
            for obj in rows.iterator(chunk_size=2000):
                yield writer.writerow([_cell(obj, a) for _h, a in self.csv_columns])

        response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.csv_name}.csv"'
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("format", None)
        context.update(filter=self.filterset, title=self.title, export_query=query.urlencode(),
                       total=context["paginator"].count if context.get("paginator") else None,
                       # Rendered once for the rows that carry it, not included per row.
                       synthetic_badge=render_to_string("includes/synthetic_badge.html"))
        return context


def _bron(obj):
    return obj.get_bron_display()


def _url_for_pk(viewname: str):
    """``reverse(viewname, args=[pk])`` for many pks at the price of one reverse().

    The URL is reversed once with a marker pk and split around it; valid for an ``<int:pk>``
    route (the marker can occur nowhere else in the URL).
    """
    marker = "9876543210123"
    head, tail = reverse(viewname, args=[int(marker)]).rsplit(marker, 1)
    return lambda pk: f"{head}{pk}{tail}"


class GemeenteList(RegistryListView):
    filterset_class = filters.GemeenteFilter
    selector = staticmethod(selectors.gemeente_list)
    template_name = "portfolio/gemeente_list.html"
    title = _("Gemeenten")
    csv_name = "gemeenten"
    csv_columns = [(_("CBS-code"), "code"), (_("Naam"), "naam"),
                   (_("Provincie"), "provincie.naam"),
                   (_("Arbeidsmarktregio"), "arbeidsmarktregio.naam"),
                   (_("Inwoners"), "inwoners"), (_("Krimp"), "krimp_status"),
                   (_("Locaties"), "n_locaties")]


class ArbeidsmarktregioList(RegistryListView):
    filterset_class = filters.ArbeidsmarktregioFilter
    selector = staticmethod(selectors.arbeidsmarktregio_list)
    template_name = "portfolio/regio_list.html"
    title = _("Arbeidsmarktregio's")
    csv_name = "arbeidsmarktregios"
    csv_columns = [(_("Code"), "code"), (_("Naam"), "naam"), (_("Gemeenten"), "n_gemeenten"),
                   (_("Inwoners"), "inwoners")]


class ProvincieList(RegistryListView):
    filterset_class = filters.ProvincieFilter
    selector = staticmethod(selectors.provincie_list)
    template_name = "portfolio/provincie_list.html"
    title = _("Provincies")
    csv_name = "provincies"
    csv_columns = [(_("Code"), "code"), (_("Naam"), "naam"), (_("Gemeenten"), "n_gemeenten"),
                   (_("Inwoners"), "inwoners")]


class InstellingList(RegistryListView):
    filterset_class = filters.InstellingFilter
    selector = staticmethod(selectors.instelling_list)
    template_name = "portfolio/instelling_list.html"
    title = _("Instellingen")
    csv_name = "instellingen"
    csv_columns = [(_("BRIN"), "brin"), (_("Naam"), "naam"), (_("Type"), "get_type_display"),
                   (_("Denominatie"), "denominatie"),
                   (_("Hoofdvestiging"), lambda o: o.home_gemeente and o.home_gemeente.naam),
                   (_("Locaties"), "n_locaties"), (_("Actief aanbod"), "n_aanbod")]


class LocatieList(RegistryListView):
    filterset_class = filters.LocatieFilter
    selector = staticmethod(selectors.locatie_list)
    template_name = "portfolio/locatie_list.html"
    title = _("Locaties")
    csv_name = "locaties"
    csv_columns = [(_("Instelling"), "instelling.naam"), (_("Code"), "code"), (_("Naam"), "naam"),
                   (_("Adres"), "adres"), (_("Postcode"), "postcode"),
                   (_("Gemeente"), "gemeente.naam"), (_("Aanbod"), "n_aanbod"), (_("Bron"), _bron)]


class OpleidingList(RegistryListView):
    filterset_class = filters.OpleidingFilter
    selector = staticmethod(selectors.opleiding_list)
    template_name = "portfolio/opleiding_list.html"
    title = _("Opleidingen")
    csv_name = "opleidingen"
    csv_columns = [(_("Crebo"), "crebo"), (_("Naam"), "naam"), (_("Niveau"), "niveau"),
                   (_("Bedrijfstakgroep"), "btg.naam"), (_("Dossier"), "dossier_naam"),
                   (_("Specialistisch"), "specialistisch"), (_("Opgaven"), "opgaven"),
                   (_("Actief aanbod"), "n_aanbod")]


class AanbodList(RegistryListView):
    filterset_class = filters.AanbodFilter
    selector = staticmethod(selectors.aanbod_table)
    template_name = "portfolio/aanbod_list.html"
    title = _("Aanbod")
    csv_name = "aanbod"
    csv_columns = [(_("Instelling"), "instelling.naam"), (_("BRIN"), "instelling.brin"),
                   (_("Crebo"), "opleiding.crebo"), (_("Opleiding"), "opleiding.naam"),
                   (_("Niveau"), "opleiding.niveau"), (_("Leerweg"), "leerweg"),
                   (_("Locatie"), "locatie.naam"), (_("Gemeente"), "locatie.gemeente.naam"),
                   (_("Status"), "get_status_display"), (_("Studenten"), "studenten"),
                   (_("Bron"), _bron)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Per row the link and the status label, from one reverse() and one translation per
        # status for the whole page: reverse() and get_status_display() (a lazy label, the
        # choices flattened on every call) were a large part of the page's time.
        url = _url_for_pk("portfolio:aanbod_detail")
        status = {value: str(label) for value, label in Aanbod.Status.choices}
        for obj in context["object_list"]:
            obj.url = url(obj.pk)
            obj.status_label = status.get(obj.status, obj.status)
        return context


def gemeente_detail(request, code):
    """A gemeente: its region, locations and the offerings located there."""
    gemeente = get_object_or_404(Gemeente.objects.select_related("provincie", "arbeidsmarktregio"),
                                 code=code)
    locaties = selectors.locatie_list().filter(gemeente=gemeente)
    per_btg = selectors.students_by(Q(aanbod__locatie__gemeente=gemeente),
                                    "aanbod__opleiding__btg__naam")
    return render(request, "portfolio/gemeente_detail.html",
                  {"gemeente": gemeente, "locaties": locaties, "per_btg": per_btg,
                   "indicatoren": panels.gemeente_panel(gemeente.code)})


def arbeidsmarktregio_detail(request, code):
    """A region: gemeenten, institutions with locations there, students per btg."""
    regio = get_object_or_404(Arbeidsmarktregio, code=code)
    gemeenten = selectors.gemeente_list().filter(arbeidsmarktregio=regio)
    in_regio = Q(aanbod__locatie__gemeente__arbeidsmarktregio=regio)
    per_instelling = selectors.students_by(in_regio, "aanbod__instelling__naam")
    per_btg = selectors.students_by(in_regio, "aanbod__opleiding__btg__naam")
    return render(request, "portfolio/regio_detail.html",
                  {"regio": regio, "gemeenten": gemeenten, "per_instelling": per_instelling,
                   "per_btg": per_btg,
                   "inwoners": sum(g.inwoners for g in gemeenten),
                   "indicatoren": panels.regio_panel(regio.code)})


def instelling_detail(request, brin):
    """An institution: locations, offerings summary, students per niveau and per year."""
    instelling = get_object_or_404(Instelling.objects.select_related("home_gemeente"), brin=brin)
    students = selectors.students_breakdown(Q(aanbod__instelling=instelling), {
        "per_niveau": "aanbod__opleiding__niveau", "per_btg": "aanbod__opleiding__btg__naam"})
    return render(request, "portfolio/instelling_detail.html", {
        "instelling": instelling,
        "locaties": selectors.locatie_list().filter(instelling=instelling),
        "per_niveau": students["per_niveau"],
        "per_btg": students["per_btg"],
        "trend": students["per_jaar"],
        "is_eigen": getattr(request.user, "instelling_id", None) == instelling.pk,
        "synthetisch_aanbod": instelling.aanbod.filter(bron=Bron.SYNTHETISCH).exists(),
        "indicatoren": panels.instelling_panel(instelling.pk),
    })


def locatie_detail(request, pk):
    """A location and its offerings."""
    locatie = get_object_or_404(Locatie.objects.select_related("instelling", "gemeente"), pk=pk)
    aanbod = selectors.aanbod_list().filter(locatie=locatie)
    return render(request, "portfolio/locatie_detail.html",
                  {"locatie": locatie, "aanbod": aanbod})


def opleiding_detail(request, crebo):
    """A programme: where it is offered, by whom, and its student trend."""
    opleiding = get_object_or_404(Opleiding.objects.select_related("btg"), crebo=crebo)
    aanbod = selectors.aanbod_list().filter(opleiding=opleiding)
    return render(request, "portfolio/opleiding_detail.html", {
        "opleiding": opleiding, "aanbod": aanbod,
        "trend": selectors.students_per_year(Q(aanbod__opleiding=opleiding)),
        "indicatoren": panels.opleiding_panel(opleiding.crebo),
    })


def aanbod_detail(request, pk):
    """An offering with its enrolment per year and its change history."""
    aanbod = get_object_or_404(selectors.aanbod_list(), pk=pk)
    return render(request, "portfolio/aanbod_detail.html", {
        "aanbod": aanbod,
        "inschrijvingen": aanbod.inschrijvingen.order_by("jaar"),
        "historie": aanbod.history.select_related("history_user").order_by("-history_date")[:20],
        "indicatoren": panels.aanbod_panel(aanbod.pk),
    })


def provincie_detail(request, code):
    """A province: its gemeenten."""
    provincie = get_object_or_404(Provincie, code=code)
    gemeenten = selectors.gemeente_list().filter(provincie=provincie)
    return render(request, "portfolio/provincie_detail.html",
                  {"provincie": provincie, "gemeenten": gemeenten})

