"""Form widgets that render fast where Django's template-per-option widgets are slow."""
import hashlib
from functools import partial
from html import escape

from django import forms
from django.core.cache import cache
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    """A <select> whose options are built in Python, not one template include per option.

    Same markup and attributes as ``forms.Select``; the filter forms of the list pages carry
    hundreds of options (gemeenten, instellingen), where the template per option cost more
    than the rest of the page.
    """

    def render(self, name, value, attrs=None, renderer=None):
        # Straight from the choices with html.escape on plain strings: Django's optgroups()
        # builds a dict per option and format_html escapes lazily, which with ~500 options
        # cost more than the rest of a list page.
        selected = {str(v) for v in self.format_value(value)}
        parts = []
        for option_value, option_label in self.choices:
            if isinstance(option_label, list | tuple):
                inner = "".join(_option(v, label, selected) for v, label in option_label)
                parts.append(f'<optgroup label="{escape(str(option_value))}">{inner}</optgroup>')
            else:
                parts.append(_option(option_value, option_label, selected))
        return format_html("<select name=\"{}\"{}>{}</select>", name,
                           flatatt(self.build_attrs(self.attrs, attrs)),
                           mark_safe("".join(parts)))  # noqa: S308


def _option(value, label, selected: set[str]) -> str:
    value = "" if value is None else str(value)
    mark = " selected" if value in selected else ""
    return f'<option value="{escape(value)}"{mark}>{escape(str(label))}</option>'


CHOICES_CACHE_SECONDS = 60


def _choices(field: forms.Field, choices) -> list | object:
    """The options of a field; those of a model choice field come from the cache.

    Building hundreds of model instances per page only to print their names was most of
    the time of the list pages. The options are a page's offer, not its validation: the field
    still checks a submitted value against its queryset, so a stale option (a name changed
    less than a minute ago) can never be accepted wrongly.
    """
    if not isinstance(field, forms.ModelChoiceField):
        return choices
    qs = field.queryset
    # A stable digest: hash() differs per process, and the cache (Redis) is shared by all.
    digest = hashlib.blake2b(f"{qs.query}|{field.empty_label}".encode(), digest_size=8)
    key = f"choices:{qs.model._meta.label}:{digest.hexdigest()}"
    cached = cache.get(key)
    if cached is None:
        cached = [(str(value), str(label)) for value, label in choices]
        cache.set(key, cached, CHOICES_CACHE_SECONDS)
    return cached


class _FormChoices(BaseChoiceIterator):
    """The options of one form's field: read (from the cache) when first needed, then kept.

    Lazy, so a form that is never rendered never reads them; kept, because rendering reads
    them twice (``use_required_attribute`` looks at the first option) and each read would
    compile the queryset's SQL for the cache key and copy hundreds of options again.
    The widget, and with it this iterator, belongs to one form instance (one request).
    """

    def __init__(self, read):
        self.read = read
        self.options = None

    def __iter__(self):
        if self.options is None:
            self.options = list(self.read())
        yield from self.options


def use_fast_selects(form: forms.Form) -> forms.Form:
    """Give every plain single Select of a form the fast renderer (in place)."""
    for field in form.fields.values():
        if type(field.widget) is forms.Select:
            old = field.widget
            field.widget = FastSelect(attrs=old.attrs,
                                      choices=_FormChoices(partial(_choices, field, old.choices)))
    return form
