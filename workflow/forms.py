"""The desk's forms for writing statements: the same checks as the API, with per-field errors."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django import forms
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from translations import languages

from . import services
from .choices import Kind, Priority
from .exceptions import WorkflowError
from .limits import EARLIEST, LATEST, NOTE_MAX_LENGTH, TEXT_MAX_LENGTH
from .models import TEXT_FIELDS, Organisation, Topic

SEVERAL = _("Hold Ctrl (⌘ on a Mac) to choose more than one.")


class OrderedSelects(forms.SelectMultiple):
    """One drop-down per place, so the order people choose is the order submitted: the
    first chosen signs first. Places for those chosen, and ``spare`` more."""

    template_name = "workflow/widgets/ordered_selects.html"
    spare = 3

    def get_context(self, name: str, value, attrs) -> dict:
        context = super().get_context(name, value, attrs)
        chosen = [v for v in context["widget"]["value"] if v]
        options = [(str(key), label) for key, label in self.choices if str(key) != ""]
        first = (attrs or {}).get("id", name)
        context["widget"]["places"] = [
            {
                # The first place keeps the field's id, so its <label> points at it.
                "id": first if n == 0 else f"{first}_{n}",
                "number": n + 1,
                "options": [(key, label, key == picked) for key, label in options],
            }
            for n, picked in enumerate([*chosen, *[""] * self.spare])
        ]
        return context


class OrderedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Objects in the order their ids were submitted (signatories sign in that order)."""

    widget = OrderedSelects

    def clean(self, value: Iterable[str] | None) -> list[Model]:
        value = [v for v in value or () if v != ""]  # the places left empty
        found = {str(obj.pk): obj for obj in super().clean(value)}
        return [found[key] for key in dict.fromkeys(str(v) for v in value or ()) if key in found]


def _text_field(name: str, label: str, *, required: bool = False, rows: int = 0) -> forms.Field:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    widget.attrs["dir"] = "auto"  # the text is in the statement's language, not the page's
    return forms.CharField(
        label=label, required=required, max_length=TEXT_MAX_LENGTH[name], widget=widget
    )


class TextFields(forms.Form):
    """The five text fields every language version has."""

    title = _text_field("title", _("Title"), required=True)
    summary = _text_field("summary", _("Summary"), rows=3)
    body = _text_field("body", _("Text (Markdown)"), rows=18)
    byline = _text_field("byline", _("Byline"))
    dateline = _text_field("dateline", _("Dateline (place)"))

    def in_language(self, language: languages.Language) -> None:
        """Mark the text inputs as written in ``language`` (script, direction)."""
        for name in TEXT_FIELDS:
            self.fields[name].widget.attrs.update(lang=language.code, dir=language.direction)

    def text(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in TEXT_FIELDS}


def _slug_field() -> forms.CharField:
    return forms.CharField(
        label=_("Address"),
        max_length=120,
        required=False,
        # Latin letters whatever the page's or the text's direction.
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off", "spellcheck": "false"}),
        help_text=_(
            "The end of the statement's web address: Latin letters, digits and hyphens. "
            "Left empty, it is made from the title."
        ),
    )


class DetailFields(forms.Form):
    """What a draft statement is besides its text: address, kind, priority, deadline,
    topics and signatories (in signing order)."""

    slug = _slug_field()
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, initial=Kind.PRESS)
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL
    )
    deadline = forms.DateTimeField(
        label=_("Translation deadline"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"), queryset=Topic.objects.all(), required=False, help_text=SEVERAL
    )
    signatories = OrderedModelMultipleChoiceField(
        label=_("Signatories"),
        queryset=Organisation.objects.all(),
        required=False,
        help_text=_("In signing order: the first place signs first."),
    )

    # The statement whose address this is (None: a new one), for check_slug.
    renaming = None

    def clean_slug(self) -> str | None:
        slug = self.cleaned_data["slug"].strip()
        if not slug:
            return None
        if self.renaming is not None and slug == self.renaming.slug:
            return slug
        try:
            return services.check_slug(slug, statement=self.renaming)  # the one rule
        except WorkflowError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_deadline(self) -> datetime | None:
        value = self.cleaned_data["deadline"]
        if value is not None and not EARLIEST <= value <= LATEST:
            raise forms.ValidationError(_("Give a deadline between 1900 and 2100."))
        return value

    def details(self) -> dict:
        """Keyword arguments for services.statement_change_details."""
        values = {name: self.cleaned_data[name] for name in DetailFields.base_fields}
        values["topics"] = list(values["topics"])
        return values


class StatementDetailsForm(DetailFields):
    """A draft's details, changed on its source page."""

    def __init__(self, *args, statement, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.renaming = statement
        self.fields["slug"].required = True
        self.fields["slug"].help_text = _(
            "The end of the statement's web address: Latin letters, digits and hyphens."
        )

    @classmethod
    def of(cls, statement) -> StatementDetailsForm:
        return cls(
            statement=statement,
            initial={
                "slug": statement.slug,
                "kind": statement.kind,
                "priority": statement.priority,
                "deadline": statement.deadline,
                "topics": list(statement.topics.values_list("pk", flat=True)),
                "signatories": list(
                    statement.signatory_set.order_by("position").values_list(
                        "organisation_id", flat=True
                    )
                ),
            },
        )


class StatementForm(TextFields, DetailFields):
    field_order = ("source_language", *TEXT_FIELDS, "slug")

    source_language = forms.ChoiceField(
        label=_("Language of the text"), choices=languages.django_languages()
    )
    issued_on = forms.DateField(
        label=_("Issued on"),
        required=False,
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_issued_on(self) -> date | None:
        value = self.cleaned_data["issued_on"]
        if value is not None and not EARLIEST.date() <= value <= LATEST.date():
            raise forms.ValidationError(_("Give a date between 1900 and 2100."))
        return value

    def statement(self) -> dict:
        """Keyword arguments for services.statement_create."""
        values = dict(self.cleaned_data)
        values["topics"] = list(values["topics"])
        return values


class SourceTextForm(TextFields):
    # The version the author opened: a save based on an older one is refused (StaleEdit).
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class SubmitForm(forms.Form):
    targets = forms.MultipleChoiceField(
        label=_("Translate into"), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, choices: Sequence[languages.Language] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["targets"]
        field.choices = [(lang.code, lang.native_name) for lang in choices]
        field.initial = [lang.code for lang in choices]
        # Languages still without a version: at least one of them, or nothing to translate.
        field.required = bool(choices)
        field.error_messages["required"] = _("Choose at least one language.")


class RevisionForm(forms.Form):
    note = forms.CharField(
        label=_("What changes, and why (optional)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
