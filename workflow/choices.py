"""Enumerations the workflow models store: states, priorities, kinds, segment origins."""

from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Machine translation pending")
    READY = "ready", _("Ready to claim")
    IN_TRANSLATION = "in_translation", _("In translation")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    OUTDATED = "outdated", _("Outdated")
    WITHDRAWN = "withdrawn", _("Withdrawn")


def state_name(state: str) -> str:
    """A state's English name in lower case, for the workflow's (English) messages, whatever
    language the request that caused them is in."""
    with translation.override("en"):
        return str(State(state).label).lower()


# A language version has text readers can see once it was published, until its statement
# is withdrawn, whatever state its working copy is in now (a revision under way, a
# translation being brought up to date).
LIVE = Q(published_at__isnull=False) & ~Q(state=State.WITHDRAWN)


def is_live(variant) -> bool:
    return variant.published_at is not None and variant.state != State.WITHDRAWN


# ---- which states allow what: each set is named once, here -------------------------------

# The source's text can be changed by its author or an editor.
SOURCE_EDITABLE = frozenset({State.DRAFT, State.CHANGES_REQUESTED})
# A translation's text can be changed by the translator holding its claim.
TARGET_EDITABLE = frozenset({State.IN_TRANSLATION, State.CHANGES_REQUESTED})
# Not yet finished: the dashboard lists them and deadline reminders name them.
IN_FLIGHT = frozenset(
    {
        State.PENDING,
        State.READY,
        State.IN_TRANSLATION,
        State.IN_REVIEW,
        State.CHANGES_REQUESTED,
        State.APPROVED,
        State.DRAFT,
        State.OUTDATED,
    }
)
# A published source revision: these translations are brought up to date keeping their state,
FOLLOW_IN_PLACE = frozenset({State.READY, State.IN_TRANSLATION, State.CHANGES_REQUESTED})
# these go back to the pipeline (outdated), never out with the old sentences,
SENT_BACK = frozenset({State.PUBLISHED, State.IN_REVIEW, State.APPROVED})
# and these can be re-translated onto the new revision.
RETRANSLATABLE = FOLLOW_IN_PLACE | {State.OUTDATED}
# A version no translator has finished can be pre-filled through an approved sibling.
PIVOT_FROM_STATES = frozenset({State.PENDING, State.READY, State.IN_TRANSLATION})
# An approved sibling a pivot may start from.
PIVOT_VIA_STATES = frozenset({State.APPROVED, State.PUBLISHED})


class Priority(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")


class Kind(models.TextChoices):
    PRESS = "press", _("Press statement")
    JOINT = "joint", _("Joint statement")
    SOLIDARITY = "solidarity", _("Solidarity letter")


class Role(models.TextChoices):
    """Django groups; a user may hold several."""

    AUTHOR = "author", _("Author")
    TRANSLATOR = "translator", _("Translator")
    REVIEWER = "reviewer", _("Reviewer")
    EDITOR = "editor", _("Editor")


class ChangeReason(models.TextChoices):
    """Why a reviewer sends a version back, about one sentence or the whole of it."""

    ACCURACY = "accuracy", _("Accuracy")
    TERMINOLOGY = "terminology", _("Terminology")
    NUMBERS = "numbers", _("Numbers")
    MISSING = "missing", _("Missing text")
    STYLE = "style", _("Style")
    OTHER = "other", _("Other")


# Where a segment's translation came from.
class Origin(models.TextChoices):
    NONE = "", _("Not translated")
    MEMORY_EXACT = "memory_exact", _("Translation memory (exact)")
    MEMORY_FUZZY = "memory_fuzzy", _("Translation memory (fuzzy)")
    ENGINE = "engine", _("Machine translation")
    PIVOT = "pivot", _("Machine translation through another language")
    HUMAN = "human", _("Translator")
