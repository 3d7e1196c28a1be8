"""The cheap forms of what the case page shows say what Django's own forms said."""
import datetime

import pytest
from django.db.models import Model
from django.template import engines
from django.template.loader import render_to_string
from django.utils import timezone, translation

from arbitration import models
from arbitration.models import CaseEvent

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
