"""mbo_regie/widgets.py: the fast select renders what Django's Select renders."""
import re

import pytest
from django import forms

from mbo_regie.widgets import use_fast_selects
from portfolio.models import Instelling
from tests.factories import InstellingFactory


def _normal(html: str) -> str:
    return re.sub(r">\s+<", "><", html).replace('selected=""', "selected").strip()


class Filters(forms.Form):
    instelling = forms.ModelChoiceField(queryset=Instelling.objects.order_by("naam"),
                                        required=False)
    leerweg = forms.ChoiceField(choices=[("", "---"), ("BOL", "BOL & co"), ("BBL", 'B"BL')],
                                required=False)
    groep = forms.ChoiceField(choices=[("Niveau", [("1", "Entree"), ("2", "Basis")])],
                              required=False)


@pytest.mark.django_db
def test_fast_selects_render_the_same_markup_as_django_with_the_value_selected():
    chosen = InstellingFactory(naam="ROC <Amsterdam>")
    InstellingFactory(naam="Albeda")
    data = {"instelling": str(chosen.pk), "leerweg": "BBL", "groep": "2"}
    plain = {name: _normal(str(Filters(data)[name])) for name in data}
    fast = use_fast_selects(Filters(data))
    for name in data:
        assert _normal(str(fast[name])) == plain[name], name
    assert f'<option value="{chosen.pk}" selected>ROC &lt;Amsterdam&gt;</option>' in str(
        fast["instelling"])


@pytest.mark.django_db
def test_a_value_missing_from_cached_options_is_still_checked_against_the_queryset():
    InstellingFactory(naam="Albeda")
    str(use_fast_selects(Filters())["instelling"])  # fills the options cache
    gone = InstellingFactory(naam="Weg")
    gone_pk = gone.pk
    gone.delete()
    form = use_fast_selects(Filters({"instelling": str(gone_pk)}))
    assert not form.is_valid() and "instelling" in form.errors


@pytest.mark.django_db
def test_a_rendered_form_reads_its_options_once_and_an_unrendered_form_not_at_all(
        monkeypatch):
    from mbo_regie import widgets

    InstellingFactory(naam="Albeda")
    reads = []
    real = widgets._choices
    monkeypatch.setattr(widgets, "_choices", lambda *a: reads.append(a[0]) or real(*a))
    form = use_fast_selects(Filters({}))
    assert reads == []  # lazy: building the form reads nothing
    html = str(form["instelling"]) + str(form["instelling"].as_widget())
    assert "Albeda" in html
    # Django reads the options twice per render (use_required_attribute, then the options);
    # the field's widget keeps them after the first read.
    assert reads.count(form.fields["instelling"]) == 1
