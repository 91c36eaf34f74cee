"""A statement of 20 sentences translated by people into three languages, and its revisions.

Shared by the revision tests (services, desk pages); fixtures are in conftest.py.
"""

from __future__ import annotations

from workflow import services
from workflow.models import Variant

WORDS = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen",
]  # fmt: skip
SENTENCES = [f"Workers at site {w} have not been paid since the monsoon began." for w in WORDS]
TITLE = "Statement on unpaid wages"
# Four paragraphs: 19 body sentences and the title make 20 segments.
BODY = "\n\n".join(" ".join(SENTENCES[i : i + 5]) for i in range(0, 19, 5))
CHANGED = "The labour department has now promised an inquiry within a week."
# What each translator writes for sentence n (real text in each script).
HUMAN = {
    "hi": "स्थल {n} के मज़दूरों को मानसून की शुरुआत से मज़दूरी नहीं मिली।",
    "bn": "{n} নম্বর সাইটের শ্রমিকরা বর্ষা শুরু হওয়ার পর থেকে মজুরি পাননি।",
    "ur": "مقام {n} کے مزدوروں کو مون سون شروع ہونے کے بعد سے اجرت نہیں ملی۔",
}
TRANSLATORS = {"hi": "translator_hi", "bn": "translator_bn", "ur": "translator_ur"}
TARGETS = ("hi", "bn", "ur")


def human(code: str, n: int) -> str:
    return HUMAN[code].format(n=n)


def translate_all(variant: Variant, translator, *, skip=()) -> None:
    for segment in variant.segments.order_by("position"):
        if segment.position in skip:
            continue
        services.segment_save(
            segment=segment,
            actor=translator,
            text=human(variant.language, segment.position),
            expected_version=segment.version,
        )


def send_through(variant: Variant, users, run) -> Variant:
    """Submit (QA overridden: the test text is not a faithful translation), then approve."""
    translator = users[TRANSLATORS[variant.language]]
    services.variant_submit_for_review(
        variant=variant, actor=translator, override="Sample text in the tests."
    )
    return run(services.variant_approve, variant=variant, actor=users["reviewer"])


def publish(statement, users, run):
    return run(services.statement_publish_approved, statement=statement, actor=users["editor"])


def revise(statement, users, run, *, body: str, note: str = "") -> None:
    """The author revises the source, a reviewer approves it, an editor publishes it."""
    services.statement_revise(statement=statement, actor=users["author"])
    finish_revision(statement, users, run, body=body, note=note)


def finish_revision(statement, users, run, *, body: str, note: str = "") -> None:
    """A revision already opened: the author writes ``body``, then review and publication."""
    source = services.source_variant(statement)
    services.variant_save_text(
        variant=source, actor=users["author"], expected_version=source.version, body=body
    )
    services.statement_submit_for_translation(statement=statement, actor=users["author"])
    source = services.variant_approve(
        variant=services.source_variant(statement), actor=users["reviewer"]
    )
    if note:
        revision = statement.revisions.order_by("-number").first()
        services.set_change_note(revision=revision, actor=users["editor"], note=note)
    run(services.variant_publish, variant_id=source.pk, actor=users["editor"])


def republish(statement, code: str, users, run, *, text: str) -> None:
    """The translator writes ``text`` for the one changed sentence; review and publication."""
    variant = statement.variants.get(language=code)
    changed = variant.segments.get(changed_in_revision__isnull=False)
    services.segment_save(
        segment=changed,
        actor=users[TRANSLATORS[code]],
        text=text,
        expected_version=changed.version,
    )
    send_through(statement.variants.get(language=code), users, run)
    publish(statement, users, run)


def body_with(index: int, sentence: str) -> str:
    changed = list(SENTENCES)
    changed[index] = sentence
    return "\n\n".join(" ".join(changed[i : i + 5]) for i in range(0, 19, 5))


def approved_text(variant: Variant) -> dict[int, tuple[str, str, str]]:
    return {
        s.position: (s.source, s.target, s.origin) for s in variant.segments.order_by("position")
    }
