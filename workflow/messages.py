"""What the workflow tells people, in the language they read the desk in.

A refusal or a note is kept as a translatable template and its values, and becomes words
only when shown (``render``), so the same refusal reads in Hindi on the Hindi desk and in
English in the API of an English client. Values that are words themselves (a language's
name, a state's name) are lazy too, and follow the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise, lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from translations import languages

from .choices import State


def render(template: str | Promise, params: Mapping | None = None) -> str:
    """The template in the active language with its values filled in."""
    if not params:
        return str(template)
    # Lazy values become words now; numbers stay numbers (a plural template picks its
    # form from one).
    values = {k: str(v) if isinstance(v, Promise) else v for k, v in params.items()}
    return str(template % values)


def _language_name(code: str) -> str:
    active = (get_language() or "en").split("-")[0]
    try:
        return languages.name_in(code, active)
    except languages.UnknownLanguage:
        return languages.get(code).name


def _state_name(state: str) -> str:
    return str(State(state).label).lower()


def _text(template: str | Promise, **params) -> str:
    return render(template, params)


# A template and its values as one lazy string (for lists of reasons, say).
lazy_text = lazy(_text, str)
language_name = lazy(_language_name, str)
state_name = lazy(_state_name, str)


def state_list(states) -> str | Promise:
    """Several state names, for "from here: …" (comma-joined in the active language)."""
    return lazy(lambda: ", ".join(_state_name(s) for s in states), str)()


# A publication recorded while the task queue (Redis) cannot be reached: beat's outbox
# flush sends it once the queue is back. The desk and the API say the same.
QUEUE_AWAY_VERSION = _(
    "The task queue cannot be reached just now: the publication of the %(language)s "
    "version is recorded and will go ahead as soon as the queue is back."
)
QUEUE_AWAY_STATEMENT = _(
    "The task queue cannot be reached just now: the publication of %(n)s approved "
    "version(s) is recorded and will go ahead as soon as the queue is back."
)
