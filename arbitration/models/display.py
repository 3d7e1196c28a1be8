"""Choice labels as pages show them: one look-up per label instead of a rebuilt dictionary.

Django's ``get_FOO_display`` rebuilds a dictionary of all choices on every call, and hashing
each lazily translated label translates it, so a timeline of thirty entries with three stage
labels each translates about a thousand strings. ``cheap_choice_labels`` gives the
``get_FOO_display`` of a model's choice fields a dictionary built once; only the label shown
is translated, when it is shown (so it still follows the active language).
"""
from functools import partialmethod

from django.utils.encoding import force_str


def _display(self, *, attname: str, labels: dict) -> str:
    value = getattr(self, attname)
    try:
        label = labels.get(value, value)
    except TypeError:  # an unhashable value has no label
        label = value
    return force_str(label, strings_only=True)


def cheap_choice_labels(model):
    """Class decorator: the model's ``get_FOO_display`` give what Django's would, cheaper."""
    for field in model._meta.local_concrete_fields:
        if field.choices is not None:
            setattr(model, f"get_{field.name}_display",
                    partialmethod(_display, attname=field.attname, labels=dict(field.flatchoices)))
    return model
