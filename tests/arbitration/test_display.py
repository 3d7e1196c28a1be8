"""The cheap forms of what the case page shows say what Django's own forms said."""
import datetime

import pytest
from django.db.models import Model
from django.template import engines
from django.template.loader import render_to_string
from django.utils import timezone, translation

from arbitration import models, selectors
from arbitration.models import CaseEvent, Stage
from arbitration.permissions import visible_to
from arbitration.services import cases, hearing, rulings

DECORATED = [models.Case, models.CaseParty, models.CaseEvent, models.StepOutcome,
             models.StepRecord, models.Mediation, models.CaseDocument, models.PanelMember,
             models.Ruling, models.Order, models.PublishedCase, models.Lesson]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("model", DECORATED, ids=lambda m: m.__name__)
def test_choice_labels_are_djangos(model, language):
    with translation.override(language):
        for field in model._meta.local_concrete_fields:
            if field.choices is None:
                continue
            for value in [*(v for v, _label in field.flatchoices), "onbekend", "", None]:
                obj = model()
                obj.__dict__[field.attname] = value  # FSM fields refuse a plain assignment
                ours = getattr(obj, f"get_{field.name}_display")()
                assert ours == Model._get_FIELD_display(obj, field), (field.name, value)


# The timeline as the template loop wrote it before the entries were rendered in Python.
LOOP = """{% load i18n %}
<h2 class="utrecht-heading-2" id="tijdlijn">{% translate "Tijdlijn" %}</h2>
<ol class="portal-timeline">
  {% for e in timeline %}
    <li><time datetime="{{ e.at|date:'c' }}">{{ e.at|date:"j F Y H:i" }}</time> · {{ e.get_soort_display }}{% if e.new %}: {% if e.old %}{{ e.get_old_display }} → {% endif %}<strong>{{ e.get_new_display }}</strong>{% endif %}
      · {% if e.actor %}{{ e.actor }}{% else %}{% translate "het portaal" %}{% endif %}
      {% if e.note %}<div>{{ e.note }}</div>{% endif %}</li>
  {% empty %}<li>{% translate "Nog geen gebeurtenissen." %}</li>{% endfor %}
</ol>
"""  # noqa: E501


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_timeline_reads_as_the_template_loop_wrote_it(language, staf):
    now = timezone.now()
    events = [
        CaseEvent(soort="stap", new="dialoog", at=now, note="<b>Let op</b> & 'zo'"),
        CaseEvent(soort="stap", old="dialoog", new="advies", actor=staf,
                  at=now - datetime.timedelta(days=40)),
        CaseEvent(soort="document", at=datetime.datetime(2024, 3, 31, 23, 30, tzinfo=datetime.UTC),
                  note="Stuk toegevoegd."),
    ]
    loop = engines["django"].from_string(LOOP)
    with translation.override(language):
        for timeline in (events, []):
            rendered = render_to_string("arbitration/_timeline.html", {"timeline": timeline})
            assert rendered == loop.render({"timeline": timeline})
        rendered = render_to_string("arbitration/_timeline.html", {"timeline": events})
    assert "<div>&lt;b&gt;Let op&lt;/b&gt; &amp; &#x27;zo&#x27;</div>" in rendered
    assert ("het portaal" if language == "nl" else "the portal") in rendered


# --- the case file reads what plain ORM reads give ----------------------------------------
def _full_case(journey, opleiding, locatie):
    """A closed case with every list of its file filled: records, a mediation session,
    documents, a hearing, an answered question, orders of each shape, an addendum, lessons."""
    case = journey.at(Stage.BEMIDDELING)
    cases.mediation_session_add(case=case, actor=journey.staf, datum=timezone.localdate(),
                                verslag="Eerste gesprek.")
    case = journey.to(case, Stage.ARBITRAGE)
    journey.compose_panel(case)
    hearing.document_add(case=case, actor=journey.partij, soort="standpunt",
                         titel="Ons standpunt", tekst="Wij werven niet actief.")
    question = hearing.question_ask(case=case, actor=journey.voorzitter, vraag="Hoeveel?",
                                    aan=journey.partij.instelling)
    hearing.question_answer(case=case, actor=journey.partij, question=question,
                            antwoord="Tien.")
    journey.draft_ruling(case)
    termijn = timezone.localdate() + datetime.timedelta(days=60)
    rulings.order_add(case=case, actor=journey.leden[0], soort="wijzigen",
                      omschrijving="Kleiner.", instelling=journey.partij.instelling,
                      termijn=termijn, aanbod=journey.aanbod, capaciteit=10)
    rulings.order_add(case=case, actor=journey.leden[0], soort="starten",
                      omschrijving="Start BBL.", instelling=journey.partij.instelling,
                      termijn=termijn, opleiding=opleiding, locatie=locatie, leerweg="BBL",
                      ingangsdatum=termijn)
    case = rulings.ruling_sign(case=case, actor=journey.voorzitter)
    rulings.ruling_addendum_add(case=case, actor=journey.voorzitter, tekst="Lees 20.",
                                reden="Verschrijving.")
    return journey.to(case, Stage.GESLOTEN)


# Each list of the case file: how a plain query reads it, the foreign keys the page shows.
PLAIN = {
    "partijen": (lambda c: c.partijen.order_by("id"), ["instelling"]),
    "outcomes": (lambda c: c.uitkomsten.order_by("vastgelegd_op", "id"),
                 ["vastgelegd_door", "goedgekeurd_door"]),
    "records": (lambda c: c.verslagen.order_by("op", "id"), ["door"]),
    "sessions": (lambda c: c.bemiddeling.sessies.order_by("datum", "id"), []),
    "panel": (lambda c: c.panel.order_by("status", "rol", "id"), ["user"]),
    "hearings": (lambda c: c.hoorzittingen.order_by("datum", "id"), []),
    "questions": (lambda c: c.vragen.order_by("gesteld_op", "id"),
                  ["aan", "beantwoord_namens"]),
    "orders": (lambda c: c.uitspraak.lasten.order_by("volgorde", "id"),
               ["instelling", "aanbod", "opleiding", "locatie"]),
    "addenda": (lambda c: c.uitspraak.addenda.order_by("nummer"), ["ondertekend_door"]),
    "lessons": (lambda c: c.leerpunten.order_by("op", "id"), ["instelling"]),
}


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["staf", "partij"])
def test_the_case_file_reads_what_plain_queries_read(journey, opleiding, locatie, who,
                                                    django_assert_num_queries):
    case = _full_case(journey, opleiding, locatie)
    user = getattr(journey, who)
    page = selectors.case_file_for(user, selectors.case_page_get_for(user, case.pk))

    case = models.Case.objects.get(pk=case.pk)
    visible = visible_to(user, case)
    rows = {name: list(read(case)) for name, (read, _fields) in PLAIN.items()}
    rows["documents"] = [d for d in case.documenten.order_by("toegevoegd_op", "id")
                         if d.zichtbaarheid in visible]
    rows["timeline"] = list(case.events.filter(zichtbaarheid__in=visible).order_by("at", "id"))
    fields = {name: fks for name, (_read, fks) in PLAIN.items()}
    fields |= {"documents": ["instelling", "toegevoegd_door"], "timeline": ["actor"]}

    def shown(rows, name):
        return [(row.pk, [(fk, getattr(row, fk)) for fk in fields[name]]) for row in rows]

    expected = {name: shown(rows[name], name) for name in rows}  # a query per object
    assert all(expected.values()), [name for name, rows in expected.items() if not rows]
    people = case.geopend_door, case.uitspraak.ondertekend_door
    with django_assert_num_queries(0):  # what the page shows is loaded
        for name in expected:
            assert shown(page[name], name) == expected[name], name
        assert [str(o.aanbod) for o in page["orders"] if o.aanbod] == [str(journey.aanbod)]
        assert [(str(o.opleiding), str(o.locatie)) for o in page["orders"] if o.opleiding] == [
            (str(opleiding), str(locatie))]
        assert (page["case"].geopend_door, page["case"].uitspraak.ondertekend_door) == people
    assert page["opleidingen"] == list(case.opleidingen.values("naam", "crebo"))
    assert page["regios"] == list(case.regios.values("naam"))


@pytest.mark.django_db
def test_is_overdue_agrees_with_the_overdue_cases_query(journey):
    """The case page asks ``is_overdue`` of the loaded case; lists and reminders ask
    ``overdue_cases()``: one rule in two forms, which must give the same answer."""
    from arbitration.models import Case

    today = timezone.localdate()
    open_case = journey.open()
    ended = journey.at(Stage.INGETROKKEN)
    shapes = [
        (open_case, {"termijn": today - datetime.timedelta(days=1)}),  # overdue
        (open_case, {"termijn": today}),  # due today: not yet
        (open_case, {"termijn": None}),
        (open_case, {"termijn": today - datetime.timedelta(days=3),
                     "opgeschort_op": timezone.now()}),  # suspended
        (ended, {"termijn": today - datetime.timedelta(days=3)}),  # ended
    ]
    answers = []
    for case, fields in shapes:
        Case.objects.filter(pk=case.pk).update(**{"opgeschort_op": None, **fields})
        loaded = Case.objects.get(pk=case.pk)
        in_query = selectors.overdue_cases().filter(pk=case.pk).exists()
        assert selectors.is_overdue(loaded) == in_query, fields
        answers.append(in_query)
    assert answers == [True, False, False, False, False]
