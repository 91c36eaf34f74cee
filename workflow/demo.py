"""Demo desk: users for every role and sample statements at every stage, made through the services.

Everything is created through the same services people use, so the demo's transition log
is real. Loading twice changes nothing: users and statements are looked up by name first.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from notifications import services as notification_services
from translations import languages
from translations.models import GlossaryTerm

from . import dispatch, pretranslation, roles, services
from .choices import Role, State
from .demo_content import ORGANISATIONS, STATEMENTS, TOPICS
from .exceptions import QABlocked
from .models import Organisation, Statement, Topic, Variant

DEMO_ACRONYMS = ("PFLR", "CPI(ML)", "PUCL", "NREGA")


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: str
    languages: tuple[str, ...]


# Passwords are public on purpose: load_demo refuses to run unless ANUVAD_DEMO is on,
# which it is only for local development (DJANGO_DEBUG=1).
DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("editor", "anuvad-editor", Role.EDITOR, languages.CODES),
    DemoUser("reviewer", "anuvad-reviewer", Role.REVIEWER, languages.CODES),
    DemoUser("author", "anuvad-author", Role.AUTHOR, ("en", "hi")),
    DemoUser("translator_hi", "anuvad-hi", Role.TRANSLATOR, ("hi", "en")),
    DemoUser("translator_bn", "anuvad-bn", Role.TRANSLATOR, ("bn", "en")),
    DemoUser("translator_ur", "anuvad-ur", Role.TRANSLATOR, ("ur", "hi")),
)


def _ensure_users() -> dict[str, object]:
    User = get_user_model()
    roles.ensure_groups()
    users = {}
    for spec in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={"is_staff": True, "email": f"{spec.username}@example.org"},
        )
        if created:
            user.set_password(spec.password)
            user.save()
            if spec.role == Role.TRANSLATOR:
                # Translators read their notices in the language they translate into.
                notification_services.set_language(user=user, code=spec.languages[0])
        user.groups.add(Group.objects.get(name=spec.role))
        roles.set_working_languages(user, spec.languages)
        users[spec.username] = user
    return users


def _ensure_vocabulary() -> None:
    for model, entries in ((Topic, TOPICS), (Organisation, ORGANISATIONS)):
        for slug, names in entries.items():
            model.objects.update_or_create(
                slug=slug,
                defaults={f"name_{code}": names.get(code, "") for code in languages.CODES},
            )


def _ensure_glossary() -> None:
    """Organisation names translate one fixed way between every pair; acronyms stay as they are."""
    for names in ORGANISATIONS.values():
        for source, term in names.items():
            for target, translation in names.items():
                if target != source:
                    GlossaryTerm.objects.update_or_create(
                        source_language=source,
                        term=term,
                        target_language=target,
                        defaults={"kind": GlossaryTerm.Kind.FIXED, "translation": translation},
                    )
    for acronym in DEMO_ACRONYMS:
        GlossaryTerm.objects.update_or_create(
            source_language="en", term=acronym, target_language="", defaults={"kind": "keep"}
        )


def _translator_for(code: str, users: dict) -> object:
    for spec in DEMO_USERS:
        if spec.role == Role.TRANSLATOR and spec.languages[0] == code:
            return users[spec.username]
    return next(
        users[s.username] for s in DEMO_USERS if s.role == Role.TRANSLATOR and code in s.languages
    )


def _translate(variant: Variant, text: dict[str, str], users: dict) -> None:
    translator = _translator_for(variant.language, users)
    variant = services.variant_claim(variant=variant, actor=translator)
    variant = services.variant_save_text(
        variant=variant, actor=translator, expected_version=variant.version, **text
    )
    try:
        variant = services.variant_submit_for_review(variant=variant, actor=translator)
    except QABlocked:
        # The demo's human translations are right where the checks cannot tell (3.2 crore
        # written as "৩ কোটি ২০ লক্ষ"): sent on with a note, as a translator would.
        variant = services.variant_submit_for_review(
            variant=variant,
            actor=translator,
            override="Numbers written with crore and lakh; checked against the source.",
        )
    services.variant_approve(variant=variant, actor=users["reviewer"])


def _submit_for_translation(statement: Statement, users: dict) -> None:
    """Submit, and pre-translate from the memory alone before the machine-translation tasks
    run: the demo's translations are written by its translators, so no engine is asked and
    loading works offline and the same everywhere, whatever ANUVAD_MT_ENABLED says.
    """
    with transaction.atomic():
        created = services.statement_submit_for_translation(
            statement=statement, actor=users["author"]
        )
        for variant in created:
            # Ready before commit: the task queued for it on commit finds nothing to do.
            pretranslation.variant_pretranslate(variant_id=variant.pk, use_engines=False)


def _create(spec: dict, users: dict) -> Statement:
    source_code = spec["source_language"]
    source_text = spec["texts"][source_code]
    issued = date.fromisoformat(spec["issued"])
    statement = services.statement_create(
        author=users["author"],
        source_language=source_code,
        slug=spec["slug"],
        kind=spec.get("kind", "press"),
        priority=spec.get("priority", "normal"),
        issued_on=issued,
        deadline=(
            timezone.make_aware(datetime.combine(timezone.localdate(), time(18)))
            + timedelta(days=1)
            if spec["stage"] in ("in_translation", "published_source")
            else None
        ),
        topics=Topic.objects.filter(slug__in=spec["topics"]),
        signatories=[Organisation.objects.get(slug=s) for s in spec["signatories"]],
        **source_text,
    )
    if spec["stage"] == "draft":
        return statement
    _submit_for_translation(statement, users)
    if spec["stage"] == "in_translation":
        return statement

    source = services.source_variant(statement)
    services.variant_approve(variant=source, actor=users["reviewer"])
    services.variant_publish(variant_id=source.pk, actor=users["editor"])
    for variant in statement.variants.exclude(language=source_code):
        text = spec["texts"].get(variant.language)
        if text and spec["stage"] == "published_all":
            _translate(variant, text, users)
            services.variant_publish(variant_id=variant.pk, actor=users["editor"])
        elif variant.state == State.READY and variant.language == "hi":
            services.variant_claim(variant=variant, actor=_translator_for("hi", users))
    return statement


def load_demo() -> tuple[int, int]:
    """Create the demo users and statements that are missing; returns (created, skipped)."""
    users = _ensure_users()
    _ensure_vocabulary()
    _ensure_glossary()
    trace_log = logging.getLogger("celery.app.trace")
    trace_level = trace_log.level
    trace_log.setLevel(logging.WARNING)  # not one line per task run in this process
    try:
        # The demo is loaded before any worker runs, so its tasks run here, in this process.
        with dispatch.in_this_process():
            created, skipped = _create_statements(users)
    finally:
        trace_log.setLevel(trace_level)
    return created, skipped


def _create_statements(users: dict) -> tuple[int, int]:
    created = skipped = 0
    for spec in STATEMENTS:
        if Statement.objects.filter(slug=spec["slug"]).exists():
            skipped += 1
            continue
        # No outer transaction: each service commits, so the machine-translation tasks it
        # queues on commit run before the next step needs their variants.
        _create(spec, users)
        created += 1
    return created, skipped
