"""The entries of a case timeline, rendered in Python.

A timeline runs to dozens of entries, each with two dates, three labels, an actor and a note;
as a template loop it was the slowest part of the case page. ``timeline_items`` writes the
same ``<li>`` elements (``_timeline.html`` keeps the list around them).
"""
from django import template
from django.utils.dates import MONTHS
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime

register = template.Library()


@register.simple_tag
def timeline_items(events, portal: str) -> SafeString:
    """One ``<li>`` per entry: when, what (and from which step to which), who (``portal``
    names the portal for entries without an actor), the note.

    The dates read as the template filters ``|date:'c'`` and ``|date:"j F Y H:i"`` write
    them (in the current time zone and language), the labels by ``get_FOO_display``."""
    esc = conditional_escape
    months: dict[int, str] = {}
    items = []
    for e in events:
        at = template_localtime(e.at)
        month = months.get(at.month)
        if month is None:
            month = months[at.month] = str(MONTHS[at.month])
        when = esc(f"{at.day} {month} {at.year:04d} {at.hour:02d}:{at.minute:02d}")
        step = ""
        if e.new:
            new = f"<strong>{esc(e.get_new_display())}</strong>"
            step = f": {esc(e.get_old_display())} → {new}" if e.old else f": {new}"
        actor = esc(e.actor if e.actor else portal)
        note = f"<div>{esc(e.note)}</div>" if e.note else ""
        items.append(f'\n    <li><time datetime="{esc(at.isoformat())}">{when}</time> · '
                     f'{esc(e.get_soort_display())}{step}\n      · {actor}\n      {note}</li>\n  ')
    return mark_safe("".join(items))  # noqa: S308 - every value went through conditional_escape
