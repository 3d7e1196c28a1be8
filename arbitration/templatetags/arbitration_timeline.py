"""The entries of a case timeline, rendered in Python.

A timeline runs to dozens of entries, each with two dates, three labels, an actor and a note;
as a template loop it was the slowest part of the case page. ``timeline_items`` writes the
same ``<li>`` elements (``_timeline.html`` keeps the list around them).
"""
from django import template
from django.utils.dateformat import DateFormat
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime

register = template.Library()


@register.simple_tag
def timeline_items(events, portal: str) -> SafeString:
    """One ``<li>`` per entry: when, what (and from which step to which), who (``portal``
    names the portal for entries without an actor), the note."""
    items = []
    for e in events:
        at = DateFormat(template_localtime(e.at))  # as the template filter |date formats
        step = ""
        if e.new:
            step = (format_html(": {} → <strong>{}</strong>", e.get_old_display(),
                                e.get_new_display()) if e.old
                    else format_html(": <strong>{}</strong>", e.get_new_display()))
        items.append(format_html(
            '\n    <li><time datetime="{}">{}</time> · {}{}\n      · {}\n      {}</li>\n  ',
            at.format("c"), at.format("j F Y H:i"), e.get_soort_display(), step,
            e.actor if e.actor else portal,
            format_html("<div>{}</div>", e.note) if e.note else ""))
    return mark_safe("".join(items))  # noqa: S308 - every part went through format_html
