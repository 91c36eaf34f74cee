"""The form a person sets their notice choices with: channels and email frequency per kind."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from translations import languages

from .models import ALWAYS_IMMEDIATE, Frequency, Kind


def field_name(kind: Kind | str, part: str) -> str:
    """The name of one kind's input: ``new_work:email``, ``new_work:frequency``."""
    return f"{Kind(kind).value}:{part}"


class PreferencesForm(forms.Form):
    """Every kind's two channels and, for kinds that may wait, how often the emails go.

    A frequency left out keeps what was saved; the notice language likewise.
    """

    language = forms.ChoiceField(
        label=_("Write my notices and emails in"),
        choices=[(lang.code, lang.native_name) for lang in languages.LANGUAGES],
        required=False,
        error_messages={"invalid_choice": _("Choose one of the languages listed.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[field_name(kind, "email")] = forms.BooleanField(
                label=_("Email"), required=False
            )
            self.fields[field_name(kind, "in_app")] = forms.BooleanField(
                label=_("In the app"), required=False
            )
            if kind not in ALWAYS_IMMEDIATE:
                self.fields[field_name(kind, "frequency")] = forms.ChoiceField(
                    label=_("How often"),
                    choices=Frequency.choices,
                    required=False,
                    error_messages={"invalid_choice": _("Choose how often from the list.")},
                )

    def channels(self) -> dict[str, tuple[bool, bool]]:
        data = self.cleaned_data
        return {
            kind: (data[field_name(kind, "email")], data[field_name(kind, "in_app")])
            for kind in Kind.values
        }

    def frequencies(self) -> dict[str, str]:
        data = self.cleaned_data
        return {
            kind: data[name]
            for kind in Kind.values
            if (name := field_name(kind, "frequency")) in data and data[name]
        }
