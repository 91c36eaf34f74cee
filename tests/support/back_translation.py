"""A statement translated by people into hi, bn and ur, in review, and how an engine reads
each version back: what the back-translation tests share."""

from __future__ import annotations

from tests.factories import make_statement
from workflow import services
from workflow.models import Variant

SOURCE = {
    0: "Statement on unpaid wages",
    1: "1,413 construction workers in Delhi have not been paid for three months.",
    2: "We demand that the dues be paid at once.",
}
# What translators wrote. The Urdu demand says something else: "…that we wait until next year."
WRITTEN = {
    "hi": {
        0: "अवैतनिक मज़दूरी पर बयान",
        1: "दिल्ली में 1,413 निर्माण मज़दूरों को तीन महीने से मज़दूरी नहीं मिली है।",
        2: "हम माँग करते हैं कि बकाया राशि तुरंत दी जाए।",
    },
    "bn": {
        0: "অবৈতনিক মজুরি নিয়ে বিবৃতি",
        1: "দিল্লিতে ১,৪১৩ জন নির্মাণ শ্রমিক তিন মাস ধরে মজুরি পাননি।",
        2: "আমরা দাবি করছি যে বকেয়া অবিলম্বে পরিশোধ করা হোক।",
    },
    "ur": {
        0: "بلا معاوضہ اجرت پر بیان",
        1: "دہلی میں 1,413 تعمیراتی مزدوروں کو تین مہینے سے اجرت نہیں ملی ہے۔",
        2: "ہم مطالبہ کرتے ہیں کہ اگلے سال تک انتظار کیا جائے۔",
    },
}
# How an engine reads them back into English (taught to the test double).
INTO_ENGLISH = {
    WRITTEN["hi"][0]: "Statement on unpaid wages",
    WRITTEN["hi"][
        1
    ]: "In Delhi 1,413 construction workers have not received wages for three months.",
    WRITTEN["hi"][2]: "We demand that the arrears be paid immediately.",
    WRITTEN["bn"][0]: "Statement about unpaid wages",
    WRITTEN["bn"][1]: "In Delhi 1,413 construction workers have not been paid for three months.",
    WRITTEN["bn"][2]: "We demand that the dues be paid at once.",
    WRITTEN["ur"][0]: "Statement on unpaid wages",
    WRITTEN["ur"][1]: "In Delhi 1,413 construction workers have not been paid for three months.",
    WRITTEN["ur"][2]: "We ask that we wait until next year.",
}
# …and the Urdu into Hindi, for a reviewer who reads Hindi.
URDU_INTO_HINDI = {
    WRITTEN["ur"][0]: "अवैतनिक मज़दूरी पर बयान",
    WRITTEN["ur"][1]: "दिल्ली में 1,413 निर्माण मज़दूरों को तीन महीने से मज़दूरी नहीं मिली है।",
    WRITTEN["ur"][2]: "हम माँग करते हैं कि अगले साल तक इंतज़ार किया जाए।",
}
TRANSLATORS = {"hi": "translator_hi", "bn": "translator_bn", "ur": "translator_ur"}


def versions_in_review(users, settings) -> dict[str, Variant]:
    """An English statement whose hi, bn and ur versions people translated, all in review."""
    settings.ANUVAD_MT_ENABLED = False  # empty sentences: translators write them all
    statement = make_statement(users["author"])
    services.statement_submit_for_translation(
        statement=statement, actor=users["author"], targets=list(TRANSLATORS)
    )
    found = {}
    for code, username in TRANSLATORS.items():
        variant = statement.variants.get(language=code)
        services.variant_claim(variant=variant, actor=users[username])
        for segment in variant.segments.order_by("position"):
            assert segment.source == SOURCE[segment.position]
            services.segment_save(
                segment=segment,
                actor=users[username],
                text=WRITTEN[code][segment.position],
                expected_version=segment.version,
            )
        found[code] = services.variant_submit_for_review(variant=variant, actor=users[username])
    settings.ANUVAD_MT_ENABLED = True
    return found


def teach_back_translations(double) -> None:
    """The test double reads the versions back as an engine would (into en, and ur into hi)."""
    double.teach(INTO_ENGLISH, target="en")
    double.teach(URDU_INTO_HINDI, target="hi")
