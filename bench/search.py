"""Benchmark: the reader search page at 100,000 statements against the same page at 1,000.

    python -m bench.search                      # SQLite, then PostgreSQL if initdb is installed
    python -m bench.search --postgres           # a throwaway PostgreSQL cluster only
    python -m bench.search --sqlite             # SQLite only
    python -m bench.search --quick              # 5,000 statements, 30 requests a query

Builds statements with bulk_create (titles and summaries from a pool of real-style
Hindi, Bengali, Urdu and English sentences with varied places, numbers and groups; each
published in its source language and some of the others, with its search text computed
as publishing computes it). First at 1,000 statements, the baseline, then grown to the
full size in the same database: ANALYZE, then each query's search page is requested
through Django's test client one at a time (count, first page and rendering, as a reader
gets it). Reported: p50 and p95 per query at both sizes and the p95 ratio full / baseline.
Goal on PostgreSQL: p95 ≤ 50 ms for a two-word query at 100,000 statements.
Results: a table on stdout and var/bench/search-<database>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from . import BENCH_DIR, configure_django, throwaway_postgres

NAME = "search"
SEED = 20261203
BASELINE = 1_000
GOAL_MS = 50.0
WARM_UP = 5
CHUNK = 5_000

# Parallel pools: index i of each language says the same thing.
PLACES = {
    "en": ["Delhi", "Patna", "Kolkata", "Lucknow", "Mumbai", "Dhaka", "Karachi", "Ranchi",
           "Bhopal", "Jaipur", "Asansol", "Kanpur"],
    "hi": ["दिल्ली", "पटना", "कोलकाता", "लखनऊ", "मुंबई", "ढाका", "कराची", "रांची", "भोपाल",
           "जयपुर", "आसनसोल", "कानपुर"],
    "bn": ["দিল্লি", "পাটনা", "কলকাতা", "লখনউ", "মুম্বই", "ঢাকা", "করাচি", "রাঁচি", "ভোপাল",
           "জয়পুর", "আসানসোল", "কানপুর"],
    "ur": ["دہلی", "پٹنہ", "کولکاتا", "لکھنؤ", "ممبئی", "ڈھاکہ", "کراچی", "رانچی", "بھوپال",
           "جے پور", "آسنسول", "کانپور"],
}  # fmt: skip
GROUPS = {
    "en": ["construction workers", "weavers", "tea garden workers", "domestic workers",
           "rickshaw pullers", "sanitation workers", "farmers", "fishers"],
    "hi": ["निर्माण मज़दूरों", "बुनकरों", "चाय बागान मज़दूरों", "घरेलू कामगारों",
           "रिक्शा चालकों", "सफ़ाई कर्मचारियों", "किसानों", "मछुआरों"],
    "bn": ["নির্মাণ শ্রমিকদের", "তাঁতিদের", "চা বাগান শ্রমিকদের", "গৃহকর্মীদের",
           "রিকশাচালকদের", "সাফাই কর্মীদের", "কৃষকদের", "মৎস্যজীবীদের"],
    "ur": ["تعمیراتی مزدوروں", "بنکروں", "چائے باغان کے مزدوروں", "گھریلو ملازموں",
           "رکشہ چلانے والوں", "صفائی کارکنوں", "کسانوں", "ماہی گیروں"],
}  # fmt: skip
TITLES = {
    "en": ["Statement on unpaid wages of {group} in {place}",
           "{group} in {place} call a strike from Monday",
           "Solidarity with the hunger strike of {group} in {place}",
           "Rising prices: {group} of {place} march to the assembly",
           "Joint statement on evictions in {place}",
           "Release the detained union leaders of {place}",
           "Flood relief appeal for {group} in {place}",
           "Minimum wage notification ignored in {place}"],
    "hi": ["{place} में {group} की बकाया मज़दूरी पर बयान",
           "{place} में {group} की सोमवार से हड़ताल",
           "{place} में {group} की भूख हड़ताल के साथ एकजुटता",
           "महंगाई के ख़िलाफ़ {place} के {group} का विधानसभा मार्च",
           "{place} में बेदख़ली पर संयुक्त बयान",
           "{place} के हिरासत में लिए गए यूनियन नेताओं को रिहा करो",
           "{place} में {group} के लिए बाढ़ राहत की अपील",
           "{place} में न्यूनतम मज़दूरी की अधिसूचना की अनदेखी"],
    "bn": ["{place}-এ {group} বকেয়া মজুরি নিয়ে বিবৃতি",
           "{place}-এ {group} সোমবার থেকে হরতাল",
           "{place}-এ {group} অনশনের প্রতি সংহতি",
           "মূল্যবৃদ্ধির বিরুদ্ধে {place}-এর {group} বিধানসভা অভিযান",
           "{place}-এ উচ্ছেদ নিয়ে যৌথ বিবৃতি",
           "{place}-এর আটক ইউনিয়ন নেতাদের মুক্তি চাই",
           "{place}-এ {group} জন্য বন্যাত্রাণের আবেদন",
           "{place}-এ ন্যূনতম মজুরির বিজ্ঞপ্তি উপেক্ষিত"],
    "ur": ["{place} میں {group} کی بقایا اجرت پر بیان",
           "{place} میں {group} کی پیر سے ہڑتال",
           "{place} میں {group} کی بھوک ہڑتال سے یکجہتی",
           "مہنگائی کے خلاف {place} کے {group} کا اسمبلی مارچ",
           "{place} میں بے دخلی پر مشترکہ بیان",
           "{place} کے حراست میں لیے گئے یونین رہنماؤں کو رہا کرو",
           "{place} میں {group} کے لیے سیلاب امداد کی اپیل",
           "{place} میں کم از کم اجرت کے اعلامیے کی خلاف ورزی"],
}  # fmt: skip
SENTENCES = {
    "en": ["{number} {group} have not been paid for three months.",
           "The contractor has stopped the work without notice.",
           "We demand that the dues be paid at once.",
           "The police detained {number} people at the protest.",
           "Prices of flour and oil have doubled this year.",
           "The union will hold a meeting on Sunday."],
    "hi": ["{number} {group} को तीन महीने से मज़दूरी नहीं मिली है।",
           "ठेकेदार ने बिना सूचना के काम बंद कर दिया है।",
           "हम माँग करते हैं कि बकाया राशि तुरंत दी जाए।",
           "पुलिस ने प्रदर्शन में {number} लोगों को हिरासत में लिया।",
           "इस साल आटे और तेल के दाम दोगुने हो गए हैं।",
           "यूनियन रविवार को बैठक करेगी।"],
    "bn": ["{number} জন {group} তিন মাস ধরে মজুরি পাননি।",
           "ঠিকাদার কোনো নোটিস ছাড়াই কাজ বন্ধ করে দিয়েছে।",
           "আমরা দাবি করছি বকেয়া টাকা অবিলম্বে দেওয়া হোক।",
           "পুলিশ বিক্ষোভ থেকে {number} জনকে আটক করেছে।",
           "এ বছর আটা আর তেলের দাম দ্বিগুণ হয়েছে।",
           "ইউনিয়ন রবিবার সভা করবে।"],
    "ur": ["{number} {group} کو تین مہینے سے اجرت نہیں ملی۔",
           "ٹھیکیدار نے بغیر اطلاع کے کام بند کر دیا ہے۔",
           "ہم مطالبہ کرتے ہیں کہ بقایا رقم فوراً ادا کی جائے۔",
           "پولیس نے احتجاج میں {number} لوگوں کو حراست میں لیا۔",
           "اس سال آٹے اور تیل کی قیمتیں دوگنی ہو گئی ہیں۔",
           "یونین اتوار کو اجلاس کرے گی۔"],
}  # fmt: skip
LANGUAGES = ("en", "hi", "bn", "ur")
# (reader language, query, what it is): two words each.
QUERIES = [
    ("hi", "मजदूर हड़ताल", "Hindi, typed without nukta"),
    ("ur", "مزدوروں ہڑتال", "Urdu"),
    ("bn", "মজুরি বিবৃতি", "Bengali"),
    ("en", "unpaid wages", "English"),
    ("hi", "mazdoor hartal", "Latin letters, Hindi reader"),
    ("ur", "bhook hartal", "Latin letters, Urdu reader"),
]


def seeded(seed: int) -> random.Random:
    """The same synthetic data on every run (a seeded generator; nothing here is secret)."""
    return random.Random(seed)  # noqa: S311


def main(argv: list[str] | None = None) -> dict | None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=100, help="timed per query and size")
    parser.add_argument("--quick", action="store_true")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--postgres", action="store_true", help="a throwaway PostgreSQL cluster")
    which.add_argument("--sqlite", action="store_true", help="SQLite only")
    args = parser.parse_args(argv)
    if args.quick:
        args.statements, args.requests = 5_000, 30
    if not (args.postgres or args.sqlite):
        # Each database in its own process: Django is set up once per process.
        from tests.support import postgres

        passed = [a for a in (argv or []) if a not in ("--postgres", "--sqlite")]
        failed = 0
        for flag in ("--sqlite", *(("--postgres",) if postgres.available() else ())):
            done = subprocess.run([sys.executable, "-m", "bench.search", flag, *passed])  # noqa: S603
            failed |= done.returncode
        if not postgres.available():
            print("PostgreSQL not measured: initdb/pg_ctl not installed.")
        sys.exit(failed)
    return _run(args)


def _run(args) -> dict:
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="search-", dir=BENCH_DIR))
    (work / "static").mkdir()  # STATIC_ROOT, which WhiteNoise expects
    os.environ.update(
        ANUVAD_VAR_DIR=str(work),
        ANUVAD_DEMO="0",
        ANUVAD_MT_ENABLED="0",
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SECURE_SSL_REDIRECT="0",
        ANUVAD_STATIC_MANIFEST="0",
    )
    cluster = throwaway_postgres() if args.postgres else None
    configure_django(work / "search.sqlite3", url=cluster.url if cluster else None)
    try:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        result = _measure(args)
    finally:
        if cluster is not None:
            cluster.stop()
        shutil.rmtree(work, ignore_errors=True)
    result["database"] = "postgresql" if cluster else "sqlite"
    _report(result)
    (BENCH_DIR / f"{NAME}-{result['database']}.json").write_text(json.dumps(result, indent=2))
    return result


def _measure(args) -> dict:
    from django.contrib.auth import get_user_model
    from django.test import Client

    author = get_user_model().objects.create(username="bench-author")
    rng = seeded(SEED)
    client = Client()
    sizes = {}
    built = 0
    for size in (BASELINE, args.statements):
        start = time.perf_counter()
        while built < size:
            count = min(CHUNK, size - built)
            _build(rng, author, first=built, count=count)
            built += count
        build_seconds = time.perf_counter() - start
        _analyse()
        sizes[size] = {
            "build_seconds": round(build_seconds, 1),
            "queries": {
                query: _time(client, lang, query, args.requests) for lang, query, _ in QUERIES
            },
        }
    full, base = sizes[args.statements]["queries"], sizes[BASELINE]["queries"]
    return {
        "statements": args.statements,
        "baseline_statements": BASELINE,
        "requests": args.requests,
        "sizes": {str(k): v for k, v in sizes.items()},
        "ratio_p95_full_baseline": {q: round(full[q]["p95"] / base[q]["p95"], 2) for q in full},
        "goal_p95_ms": GOAL_MS,
    }


def _build(rng: random.Random, author, *, first: int, count: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from workflow.choices import State
    from workflow.models import Statement, StatementSearch, Variant
    from workflow.search import search_values

    now = timezone.now()
    statements, live = [], []
    for n in range(first, first + count):
        source = rng.choice(LANGUAGES)
        others = [code for code in LANGUAGES if code != source]
        languages = [source, *rng.sample(others, rng.choice([0, 1, 1, 2, 3]))]
        title, place, group = rng.randrange(8), rng.randrange(12), rng.randrange(8)
        picks = rng.sample(range(6), 2)
        number = f"{rng.randint(12, 4000):,}"
        fields = {}
        for code in languages:
            slots = {"place": PLACES[code][place], "group": GROUPS[code][group], "number": number}
            fields[f"title_{code}"] = TITLES[code][title].format(**slots)
            fields[f"summary_{code}"] = " ".join(SENTENCES[code][i].format(**slots) for i in picks)
        issued = date(2020, 1, 1) + timedelta(days=rng.randrange(2500))
        statements.append(
            Statement(
                slug=f"bench-{n}",
                source_language=source,
                created_by=author,
                issued_on=issued,
                first_published_at=now,
                **fields,
            )
        )
        live.append(languages)
    with transaction.atomic():
        Statement.objects.bulk_create(statements, batch_size=1000)
        variants, texts = [], []
        for statement, languages in zip(statements, live, strict=True):
            for code in languages:
                variants.append(
                    Variant(
                        statement=statement,
                        language=code,
                        state=State.PUBLISHED,
                        published_at=now,
                    )
                )
                text = {
                    "title": getattr(statement, f"title_{code}"),
                    "summary": getattr(statement, f"summary_{code}"),
                }
                texts.append(
                    StatementSearch(statement=statement, language=code, **search_values(text, code))
                )
        Variant.objects.bulk_create(variants, batch_size=1000)
        StatementSearch.objects.bulk_create(texts, batch_size=1000)


def _analyse() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _time(client, language: str, query: str, requests: int) -> dict:
    url = f"/{language}/search/"
    for _ in range(WARM_UP):
        response = client.get(url, {"q": query})
    if response.status_code != 200:
        raise RuntimeError(f"{url}?q={query} answered {response.status_code}")
    from django.utils import translation

    from publishing import selectors

    with translation.override(language):
        found = selectors.search(selectors.clean_query(query, language), language).count()
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(url, {"q": query})
        times.append((time.perf_counter() - start) * 1000)
    p95 = statistics.quantiles(times, n=20, method="inclusive")[-1]
    return {"found": found, "p50": round(statistics.median(times), 2), "p95": round(p95, 2)}


def _report(r: dict) -> None:
    print(f"Database: {r['database']}; search page through Django's test client, "
          f"{r['requests']} requests a query, one at a time")  # fmt: skip
    labels = {query: f"{lang} {query!r} ({what})" for lang, query, what in QUERIES}
    base, full = str(r["baseline_statements"]), str(r["statements"])
    for size in (base, full):
        print(f"At {int(size):,} statements (built in {r['sizes'][size]['build_seconds']} s):")
        for query, ms in r["sizes"][size]["queries"].items():
            print(f"  {labels[query]:55} found {ms['found']:6,}  "
                  f"p50 {ms['p50']:7.2f} ms  p95 {ms['p95']:7.2f} ms")  # fmt: skip
    print(f"p95 ratio {int(full):,} / {int(base):,} statements:")
    for query, ratio in r["ratio_p95_full_baseline"].items():
        print(f"  {labels[query]:55} {ratio:6.2f}")
    if r["database"] == "postgresql":
        worst = max(q["p95"] for q in r["sizes"][full]["queries"].values())
        verdict = "met" if worst <= r["goal_p95_ms"] else "NOT met"
        print(f"Goal p95 ≤ {r['goal_p95_ms']:g} ms at {int(full):,}: {verdict} (worst {worst} ms)")


if __name__ == "__main__":
    main(sys.argv[1:])
