"""The words of every QA result: checks store a code and parameters, shown from here in the
interface language of whoever reads them, so nothing stored is English prose."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import get_language, ngettext_lazy, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from . import languages

# Flags stored before results had codes, whose English text no template matched: shown as
# they were written.
LEGACY = "legacy"


@dataclass(frozen=True)
class Template:
    text: Promise
    # The list parameter whose length picks the plural form (ngettext's "count").
    plural_of: str = ""


MESSAGES: Mapping[str, Template] = {
    "no_translation": Template(_("This sentence has no translation.")),
    "placeholder_missing": Template(_("Markup or link %(names)s is missing.")),
    "placeholder_extra": Template(_("Markup or link %(names)s is not in the source.")),
    "number_missing": Template(
        ngettext_lazy(
            "Number %(missing)s is missing.",
            "Numbers %(missing)s are missing.",
            "count",
        ),
        plural_of="missing",
    ),
    "number_extra": Template(
        ngettext_lazy(
            "Number %(extra)s is not in the source.",
            "Numbers %(extra)s are not in the source.",
            "count",
        ),
        plural_of="extra",
    ),
    # Both at once, by how many are missing; "_extras" when several are not in the source.
    "number_missing_extra": Template(
        ngettext_lazy(
            "Number %(missing)s is missing; %(extra)s is not in the source.",
            "Numbers %(missing)s are missing; %(extra)s is not in the source.",
            "count",
        ),
        plural_of="missing",
    ),
    "number_missing_extras": Template(
        ngettext_lazy(
            "Number %(missing)s is missing; %(extra)s are not in the source.",
            "Numbers %(missing)s are missing; %(extra)s are not in the source.",
            "count",
        ),
        plural_of="missing",
    ),
    # A difference in a value that could be read more than one way ("5.30", "दो").
    "number_unsure": Template(
        ngettext_lazy(
            "Check number %(numbers)s: it could not be matched with certainty.",
            "Check numbers %(numbers)s: they could not be matched with certainty.",
            "count",
        ),
        plural_of="numbers",
    ),
    "glossary_keep": Template(_("“%(term)s” should be kept as it is.")),
    "glossary_translate": Template(_("“%(term)s” should be translated as “%(expected)s”.")),
    "glossary_forbidden": Template(
        _("“%(forbidden)s” must never be used; the glossary forbids it for “%(term)s”.")
    ),
    "same_as_source": Template(
        _("This is the same as the source; it may not have been translated.")
    ),
    "wrong_script": Template(
        _(
            "This translation is mostly in %(found)s script; "
            "%(language)s is written in %(script)s script."
        )
    ),
    "end_sentence": Template(_("End the sentence with “%(mark)s”.")),
    "end_sentence_instead": Template(_("End the sentence with “%(mark)s”, not “%(got)s”.")),
    "end_question": Template(_("End the question with “%(mark)s”.")),
    "end_question_instead": Template(_("End the question with “%(mark)s”, not “%(got)s”.")),
    "too_long": Template(
        _(
            "The translation is %(ratio)s times as long as the source; "
            "check nothing was added or repeated."
        )
    ),
    "too_short": Template(
        _(
            "The translation is only %(percent)s%% as long as the source; "
            "check nothing was left out."
        )
    ),
    "unknown_words": Template(_("The engine did not know: %(words)s.")),
    # The optional AI check; the reason is the model's own words (English).
    "ai_doubt": Template(_("The model rates this translation %(score)s of 5: “%(reason)s”")),
}

SCRIPT_NAMES: Mapping[str, Promise] = {
    "Latn": pgettext_lazy("script", "Latin"),
    "Deva": pgettext_lazy("script", "Devanagari"),
    "Beng": pgettext_lazy("script", "Bengali"),
    "Arab": pgettext_lazy("script", "Arabic"),
}
_SEPARATOR = pgettext_lazy("between the items of a list", ", ")
_LAST = pgettext_lazy("the last two items of a list", "%(items)s and %(last)s")


def render(code: str, params: Mapping[str, Any]) -> str:
    """The result's text in the active language."""
    template = MESSAGES.get(code)
    if template is None:
        return str(params.get("text", code))
    values = {name: _shown(name, value) for name, value in params.items()}
    if template.plural_of:
        values["count"] = len(params[template.plural_of])
    return template.text % values


def render_stored(flag: Mapping[str, Any]) -> str:
    """The text of a flag as stored on a segment ({"check", "level", "code", "params"})."""
    if "code" not in flag:  # written before results had codes
        return str(flag.get("message", ""))
    return render(flag["code"], flag.get("params") or {})


def _shown(name: str, value: Any) -> str:
    """A parameter as the reader sees it: lists joined, scripts and languages named."""
    if name in ("missing", "extra", "numbers"):
        return _and_list([str(v) for v in value])
    if isinstance(value, list):
        return str(_SEPARATOR).join(str(v) for v in value)
    if name in ("found", "script"):
        return str(SCRIPT_NAMES.get(value, value))
    if name == "language":
        return languages.name_in(value, _interface_language())
    return str(value)


def _and_list(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return _LAST % {"items": str(_SEPARATOR).join(items[:-1]), "last": items[-1]}


def _interface_language() -> str:
    code = (get_language() or languages.DEFAULT.code).split("-")[0]
    return code if code in languages.CODES else languages.DEFAULT.code
