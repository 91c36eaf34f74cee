"""What the demo shows: topics, organisations, and statements kept as archive files.

The statements are in ``statements/``, in the format ``manage.py import_statements`` reads
(``slug.md`` in the source language, ``slug.<language>.md`` for each translation), and are
read through the same parser, so the demo's text is checked as an imported archive is.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from translations import languages

from .. import archive
from ..choices import Kind, Priority

# Every organisation, person, tea estate and settlement named here and in statements/ is
# fictional. Values that translators must carry over unchanged (figures, dates, the PFLR
# acronym) are the same in every language version of a statement.

TOPICS: dict[str, dict[str, str]] = {
    "labour": {
        "en": "Labour and Wages",
        "hi": "श्रम और मज़दूरी",
        "bn": "শ্রম ও মজুরি",
        "ur": "محنت اور اجرت",
    },
    "civil-liberties": {
        "en": "Civil Liberties",
        "hi": "नागरिक स्वतंत्रता",
        "bn": "নাগরিক স্বাধীনতা",
        "ur": "شہری آزادیاں",
    },
    "press-freedom": {
        "en": "Press Freedom",
        "hi": "प्रेस की आज़ादी",
        "bn": "সংবাদমাধ্যমের স্বাধীনতা",
        "ur": "صحافت کی آزادی",
    },
    "housing": {
        "en": "Housing",
        "hi": "आवास",
        "bn": "আবাসন",
        "ur": "رہائش",
    },
    "climate": {
        "en": "Climate and Disasters",
        "hi": "जलवायु और आपदाएँ",
        "bn": "জলবায়ু ও দুর্যোগ",
        "ur": "آب و ہوا اور آفات",
    },
    "education": {
        "en": "Education",
        "hi": "शिक्षा",
        "bn": "শিক্ষা",
        "ur": "تعلیم",
    },
    "health": {
        "en": "Health",
        "hi": "स्वास्थ्य",
        "bn": "স্বাস্থ্য",
        "ur": "صحت",
    },
    "solidarity": {
        "en": "Solidarity",
        "hi": "एकजुटता",
        "bn": "সংহতি",
        "ur": "یکجہتی",
    },
}

ORGANISATIONS: dict[str, dict[str, str]] = {
    # The desk's own organisation; its acronym PFLR is kept in Latin script in every language.
    "pflr": {
        "en": "People's Forum for Labour Rights",
        "hi": "श्रमिक अधिकार जन मंच",
        "bn": "শ্রমিক অধিকার গণমঞ্চ",
        "ur": "عوامی فورم برائے مزدور حقوق",
    },
    "lgfc": {
        "en": "Lower Ganga Fisherworkers' Collective",
        "hi": "निचली गंगा मछुआरा श्रमिक संगठन",
        "bn": "নিম্ন গঙ্গা মৎস্যজীবী সংগঠন",
        "ur": "زیریں گنگا ماہی گیر مزدور تنظیم",
    },
    "chvn": {
        "en": "Community Health Volunteers' Network",
        "hi": "सामुदायिक स्वास्थ्य स्वयंसेवक नेटवर्क",
        "bn": "কমিউনিটি স্বাস্থ্য স্বেচ্ছাসেবক নেটওয়ার্ক",
        "ur": "کمیونٹی صحت رضاکار نیٹ ورک",
    },
    "ybta": {
        "en": "Yamuna Bank Tenants' Association",
        "hi": "यमुना किनारा किरायेदार संघ",
        "bn": "যমুনা তীর ভাড়াটে সমিতি",
        "ur": "جمنا کنارہ کرایہ دار انجمن",
    },
    "ocsn": {
        "en": "Open Classrooms Student Network",
        "hi": "खुली कक्षा छात्र नेटवर्क",
        "bn": "খোলা শ্রেণিকক্ষ শিক্ষার্থী নেটওয়ার্ক",
        "ur": "کھلی جماعت طلبہ نیٹ ورک",
    },
    "fpjc": {
        "en": "Free Pen Journalists' Circle",
        "hi": "आज़ाद क़लम पत्रकार मंडल",
        "bn": "মুক্ত কলম সাংবাদিক চক্র",
        "ur": "آزاد قلم صحافی حلقہ",
    },
    "hptwc": {
        "en": "Hill and Plains Tea Workers' Committee",
        "hi": "पहाड़ और मैदान चाय श्रमिक समिति",
        "bn": "পাহাড় ও সমতল চা শ্রমিক কমিটি",
        "ur": "پہاڑ اور میدان چائے مزدور کمیٹی",
    },
    "ahwa": {
        "en": "Awadh Home-Based Workers' Association",
        "hi": "अवध गृह-आधारित कामगार संघ",
        "bn": "অওধ গৃহভিত্তিক শ্রমিক সমিতি",
        "ur": "اودھ گھریلو دستکار انجمن",
    },
}

STATEMENTS_DIR = Path(__file__).resolve().parent / "statements"

# How far through the workflow the demo takes each statement, in the order they are made.
STAGES: dict[str, str] = {
    # English source, published in all four languages.
    "construction-workers-wage-survey-delhi": "published_all",
    # Hindi source, joint and urgent, published in all four languages.
    "flood-relief-appeal-north-bihar": "published_all",
    # Bengali source solidarity letter, published in all four languages.
    "solidarity-kuasha-tea-estate-strike": "published_all",
    # Urdu source; the Urdu version is published, translations are in progress.
    "chikankari-artisans-piece-rates-lucknow": "published_source",
    # English source, joint and urgent; English published, translations in progress.
    "release-journalist-farhan-qureshi": "published_source",
    # Bengali source, submitted for translation, nothing published yet.
    "scholarship-cut-first-generation-students": "in_translation",
    # Hindi source, joint and urgent, submitted for translation.
    "gulmohar-basti-eviction-notice": "in_translation",
    # English source, still a draft (not submitted for translation).
    "air-pollution-advisory-outdoor-workers": "draft",
}


class DemoContentError(Exception):
    """The statement files and STAGES disagree, or a statement has no date."""


@cache
def statements() -> tuple[dict, ...]:
    """Every demo statement, in STAGES order, with its text in each language it has.

    Each is a dict: slug, source_language, kind, priority, issued (YYYY-MM-DD), topics and
    signatories (slugs), stage, and texts ({language: {field: text}}, the source first).
    Raises archive.ArchiveInvalid for a file the importer would refuse.
    """
    entries = {e.slug: e for e in archive.read(archive.collect([STATEMENTS_DIR]))}
    if set(entries) != set(STAGES):
        raise DemoContentError(
            f"statements/ holds {sorted(set(entries) - set(STAGES))} without a stage and "
            f"lacks {sorted(set(STAGES) - set(entries))}."
        )
    return tuple(_spec(entries[slug], stage) for slug, stage in STAGES.items())


def _spec(entry: archive.Entry, stage: str) -> dict:
    source = entry.source
    meta = source.meta
    if meta.get("date") is None:
        raise DemoContentError(f"{source.path}: a demo statement needs a date.")
    texts = {source.language: source.text()}
    for code in languages.CODES:
        if code in entry.translations:
            texts[code] = entry.translations[code].text()
    return {
        "slug": entry.slug,
        "source_language": source.language,
        "kind": meta.get("kind", Kind.PRESS),
        "priority": meta.get("priority", Priority.NORMAL),
        "issued": meta["date"].isoformat(),
        "topics": meta.get("topics", []),
        "signatories": meta.get("signatories", []),
        "stage": stage,
        "texts": texts,
    }


def __getattr__(name: str) -> object:
    # STATEMENTS is read from the files when first asked for, not when the module is imported.
    if name == "STATEMENTS":
        return list(statements())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
