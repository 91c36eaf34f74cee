"""Loading the demo desk: its vocabulary, glossary and statements, made through the services.

Everything is created through the same services people use, so the demo's transition log
is real. Loading twice changes nothing: users and statements are looked up by name first.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from translations import languages
from translations.models import GlossaryTerm

from .. import dispatch, pipeline, services
from ..choices import State
from ..exceptions import QABlocked
from ..models import Organisation, Statement, Topic, Variant
from . import content
from .users import ensure_users, translator_for

DEMO_ACRONYMS = ("PFLR", "CPI(ML)", "PUCL", "NREGA")

Users = dict[str, AbstractBaseUser]


def load_demo() -> tuple[int, int]:
    """Create the demo users and statements that are missing; returns (created, skipped)."""
    specs = content.statements()  # a file the importer would refuse stops here, before writes
    users = ensure_users()
    _ensure_vocabulary()
    _ensure_glossary()
    trace_log = logging.getLogger("celery.app.trace")
    trace_level = trace_log.level
    trace_log.setLevel(logging.WARNING)  # not one line per task run in this process
    try:
        # The demo is loaded before any worker runs, so its tasks run here, in this process.
        with dispatch.in_this_process():
            created, skipped = _create_statements(specs, users)
    finally:
        trace_log.setLevel(trace_level)
    return created, skipped


def _ensure_vocabulary() -> None:
    for model, entries in ((Topic, content.TOPICS), (Organisation, content.ORGANISATIONS)):
        for slug, names in entries.items():
            model.objects.update_or_create(
                slug=slug,
                defaults={f"name_{code}": names.get(code, "") for code in languages.CODES},
            )


def _ensure_glossary() -> None:
    """Organisation names translate one fixed way between every pair; acronyms stay as they are."""
    for names in content.ORGANISATIONS.values():
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


def _create_statements(specs: tuple[dict, ...], users: Users) -> tuple[int, int]:
    created = skipped = 0
    for spec in specs:
        if Statement.objects.filter(slug=spec["slug"]).exists():
            skipped += 1
            continue
        # No outer transaction: each service commits, so the tasks it queues on commit run
        # before the next step needs their variants.
        _create(spec, users)
        created += 1
    return created, skipped


def _create(spec: dict, users: Users) -> Statement:
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
            services.variant_claim(variant=variant, actor=translator_for("hi", users))
    return statement


def _submit_for_translation(statement: Statement, users: Users) -> None:
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
            pipeline.variant_pretranslate(variant_id=variant.pk, use_engines=False)


def _translate(variant: Variant, text: dict[str, str], users: Users) -> None:
    translator = translator_for(variant.language, users)
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
