"""Machine translation as the author steers it: stop waiting for the engines."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .. import permissions, pipeline, states
from ..choices import State
from ..exceptions import IllegalTransition
from ..models import Statement, Variant

# Kept on each version's transition, before what the memory filled.
SENT_NOW = "Sent to translators without waiting for machine translation."


@transaction.atomic
def statement_send_to_translators(
    *, statement: Statement, actor: AbstractBaseUser
) -> list[Variant]:
    """Every version of ``statement`` still waiting for machine translation goes to
    translators now, with what the memory has; the engines are not asked again for them.

    Refused (nothing changed) when ``actor`` is neither its author nor an editor, or when
    no version is waiting.
    """
    permissions.may_change_statement(actor, statement, action="send").require()
    waiting = list(statement.variants.filter(state=State.PENDING).order_by("language"))
    if not waiting:
        raise IllegalTransition(
            _("No language of “%(slug)s” is waiting for machine translation."),
            slug=statement.slug,
        )
    for variant in waiting:  # refuse before changing anything
        states.check(variant, State.READY, actor=actor, note=SENT_NOW)
    moved = []
    for variant in waiting:
        done = pipeline.variant_pretranslate(
            variant_id=variant.pk, use_engines=False, actor=actor, reason=SENT_NOW
        )
        if done is not None:
            moved.append(done)
    return moved
