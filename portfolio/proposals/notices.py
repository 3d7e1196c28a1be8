"""How the text of a notification is kept: a source message and its parameters, so that each
reader sees it in their own language.

A parameter is plain text or a number, or one of two markers that are resolved only when
the text is shown: ``{"msgid": ...}`` for a translatable label (a status, a kind of advice)
and ``{"date": "YYYY-MM-DD"}`` for a date, written out with the reader's month names.
"""
import datetime

from django.utils import formats, translation


def label(text, *, lower: bool = False) -> dict:
    """A translatable label as a parameter, stored by its source text (msgid).

    ``text`` is a lazy label, a ``gettext_noop`` string, or a callable that returns the label
    in the active language (``case.get_stage_display``).
    """
    # Without an active catalogue gettext returns the msgid itself, whoever is acting.
    with translation.override(None):
        msgid = str(text() if callable(text) else text)
    return {"msgid": msgid, "lower": True} if lower else {"msgid": msgid}


def date(value: datetime.date) -> dict:
    """A date as a parameter, written out in the reader's language."""
    return {"date": value.isoformat()}


def stored(params: dict | None) -> dict:
    """The parameters as JSON: markers and numbers stay, anything else becomes its text."""
    return {key: value if isinstance(value, dict | int | float) else str(value)
            for key, value in (params or {}).items()}


def _shown(value):
    if isinstance(value, dict) and "msgid" in value:
        text = translation.gettext(value["msgid"])
        return text.lower() if value.get("lower") else text
    if isinstance(value, dict) and "date" in value:
        return formats.date_format(datetime.date.fromisoformat(value["date"]), "j F Y")
    return value


def text(message: str, params: dict | None = None) -> str:
    """The message with its parameters, in the active language."""
    translated = translation.gettext(message)
    if not params:
        return translated
    return translated % {key: _shown(value) for key, value in params.items()}
