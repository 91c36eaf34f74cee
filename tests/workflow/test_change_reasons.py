"""Sending a version back with reasons: checked, kept with the move, shown to the translator
and counted per language on the dashboard."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from tests.factories import make_statement
from workflow import selectors, services
from workflow.exceptions import InvalidInput
from workflow.models import Comment, RequestedChange, Statement, Transition, Variant

pytestmark = pytest.mark.django_db(transaction=True)

# The Hindi factory statement has three sentences: its title and two in the body.
TEXT = {
    "bn": [
        "শ্রমিকদের ন্যূনতম মজুরি নিয়ে বিবৃতি",
        "দিল্লিতে ১,৪১৩ জন নির্মাণ শ্রমিক তিন মাস ধরে মজুরি পাননি।",
        "আমরা দাবি করছি যে বকেয়া অবিলম্বে মেটানো হোক।",
    ],
    "ur": [
        "مزدوروں کی کم از کم اجرت پر بیان",
        "دہلی میں 1,413 تعمیراتی مزدوروں کو تین مہینے سے اجرت نہیں ملی۔",
        "ہم مطالبہ کرتے ہیں کہ واجبات فوراً ادا کیے جائیں۔",
    ],
}
TRANSLATOR = {"bn": "translator_bn", "ur": "translator_ur"}
NOTE = {"bn": "সংখ্যাটি আবার মিলিয়ে দেখুন।", "ur": "اعداد دوبارہ دیکھیں۔"}


@pytest.fixture
def statement(users, settings) -> Statement:
    """A Hindi statement sent into Bengali and Urdu (engines off: ready at once)."""
    settings.ANUVAD_MT_ENABLED = False
    st = make_statement(users["author"], source_language="hi")
    services.statement_submit_for_translation(
        statement=st, actor=users["author"], targets=["bn", "ur"]
    )
    return st


def in_review(statement: Statement, users, code: str) -> Variant:
    variant = statement.variants.get(language=code)
    translator = users[TRANSLATOR[code]]
    services.variant_claim(variant=variant, actor=translator)
    for segment in variant.segments.order_by("position"):
        services.segment_save(
            segment=segment,
            actor=translator,
            text=TEXT[code][segment.position],
            expected_version=segment.version,
        )
    return services.variant_submit_for_review(
        variant=variant, actor=translator, override="Checked by hand."
    )


def second_sentence(variant: Variant):
    return variant.segments.get(position=1)


def test_reasons_overall_and_per_sentence_are_kept_with_the_move(users, statement):
    bengali = in_review(statement, users, "bn")
    sentence = second_sentence(bengali)
    services.variant_request_changes(
        variant=bengali,
        actor=users["reviewer"],
        note=NOTE["bn"],
        reasons=["style", "numbers"],
        sentence_reasons={sentence.pk: "numbers"},
    )
    move = Transition.objects.get(variant=bengali, to_state="changes_requested")
    assert (move.actor, move.from_state, move.note) == (users["reviewer"], "in_review", NOTE["bn"])
    kept = {(r.segment_id, r.reason) for r in move.requested_changes.all()}
    assert kept == {(None, "style"), (None, "numbers"), (sentence.pk, "numbers")}
    shown = selectors.last_change_reasons(bengali)
    assert shown.overall == ["Style", "Numbers"]
    assert [(s.pk, label) for s, label in shown.sentences] == [(sentence.pk, "Numbers")]


@pytest.mark.parametrize(
    ("reasons", "sentence_reason"),
    [(["rumour"], None), (["numbers", ""], None), ([], "tone"), (["Numbers"], None)],
)
def test_an_unknown_reason_refuses_the_request_and_changes_nothing(
    users, statement, reasons, sentence_reason
):
    bengali = in_review(statement, users, "bn")
    sentences = {second_sentence(bengali).pk: sentence_reason} if sentence_reason else {}
    with pytest.raises(InvalidInput, match="is not a reason for changes"):
        services.variant_request_changes(
            variant=bengali,
            actor=users["reviewer"],
            note=NOTE["bn"],
            reasons=reasons,
            sentence_reasons=sentences,
        )
    assert Variant.objects.get(pk=bengali.pk).state == "in_review"
    assert not Transition.objects.filter(variant=bengali, to_state="changes_requested").exists()
    assert not Comment.objects.filter(variant=bengali).exists()
    assert not RequestedChange.objects.exists()


def test_a_reason_for_another_versions_sentence_is_refused(users, statement):
    bengali, urdu = in_review(statement, users, "bn"), in_review(statement, users, "ur")
    with pytest.raises(InvalidInput, match="another version"):
        services.variant_request_changes(
            variant=bengali,
            actor=users["reviewer"],
            note=NOTE["bn"],
            sentence_reasons={second_sentence(urdu).pk: "accuracy"},
        )
    assert Variant.objects.get(pk=bengali.pk).state == "in_review"
    assert not RequestedChange.objects.exists()


def test_the_review_form_sends_reasons_and_the_translator_sees_them(client, users, statement):
    bengali = in_review(statement, users, "bn")
    sentence = second_sentence(bengali)
    client.force_login(users["reviewer_bn"])
    page = BeautifulSoup(
        client.get(reverse("workspace:review", args=[bengali.pk])).content, "html.parser"
    )
    offered = {box["value"] for box in page.select("#changes-form input[name=reasons]")}
    assert offered == {"accuracy", "terminology", "numbers", "missing", "style", "other"}
    picker = page.select_one(f"select[name=sentence_reason_{sentence.pk}]")
    assert picker["form"] == "changes-form"

    url = reverse("workspace:request_changes", args=[bengali.pk])
    response = client.post(
        url,
        {
            "note": NOTE["bn"],
            "reasons": ["terminology"],
            f"sentence_reason_{sentence.pk}": "numbers",
        },
    )
    assert response.status_code == 302
    assert Variant.objects.get(pk=bengali.pk).state == "changes_requested"

    client.force_login(users["translator_bn"])
    editor = BeautifulSoup(
        client.get(reverse("workspace:edit", args=[bengali.pk])).content, "html.parser"
    )
    box = editor.select_one(".change-reasons")
    assert box is not None
    assert "Terminology" in box.get_text() and "Numbers" in box.get_text()
    assert box.select_one(f'a[href="#seg-{sentence.pk}"]').get_text() == "Sentence 2"


def test_the_review_form_refuses_an_unknown_reason_with_the_reason_said(client, users, statement):
    bengali = in_review(statement, users, "bn")
    client.force_login(users["reviewer_bn"])
    url = reverse("workspace:request_changes", args=[bengali.pk])
    response = client.post(url, {"note": NOTE["bn"], "reasons": ["rumour"]}, follow=True)
    assert "“rumour” is not a reason for changes" in response.content.decode()
    bad_sentence = client.post(url, {"note": NOTE["bn"], "sentence_reason_x1": "numbers"})
    assert bad_sentence.status_code == 302
    assert Variant.objects.get(pk=bengali.pk).state == "in_review"
    assert not RequestedChange.objects.exists() and not Comment.objects.exists()


def test_the_editor_shows_no_reasons_once_the_version_is_back_in_review(client, users, statement):
    bengali = in_review(statement, users, "bn")
    services.variant_request_changes(
        variant=bengali, actor=users["reviewer"], note=NOTE["bn"], reasons=["style"]
    )
    services.variant_submit_for_review(
        variant=Variant.objects.get(pk=bengali.pk), actor=users["translator_bn"], override="Done."
    )
    client.force_login(users["translator_bn"])
    page = client.get(reverse("workspace:edit", args=[bengali.pk])).content.decode()
    assert "change-reasons" not in page


def test_the_dashboard_counts_reasons_per_language(client, users, statement):
    bengali, urdu = in_review(statement, users, "bn"), in_review(statement, users, "ur")
    reviewer = users["reviewer"]
    # Bengali goes back twice for its numbers, once also for its style; Urdu once.
    services.variant_request_changes(
        variant=bengali,
        actor=reviewer,
        note=NOTE["bn"],
        reasons=["numbers", "style"],
        sentence_reasons={second_sentence(bengali).pk: "numbers"},
    )
    services.variant_submit_for_review(
        variant=Variant.objects.get(pk=bengali.pk), actor=users["translator_bn"], override="Done."
    )
    services.variant_request_changes(
        variant=Variant.objects.get(pk=bengali.pk),
        actor=reviewer,
        note=NOTE["bn"],
        reasons=["numbers"],
    )
    services.variant_request_changes(
        variant=urdu, actor=reviewer, note=NOTE["ur"], reasons=["terminology"]
    )
    counts = selectors.change_reason_counts([statement.pk])
    assert counts == {
        statement.pk: {"bn": [("Numbers", 3), ("Style", 1)], "ur": [("Terminology", 1)]}
    }

    client.force_login(users["editor"])
    page = BeautifulSoup(client.get(reverse("workspace:dashboard")).content, "html.parser")
    row = page.select_one(f"#statement-{statement.pk}")
    cells = {cell["data-language"]: cell for cell in row.select("li[data-language]")}
    bn = [
        (li.select_one(".reason-name").get_text(), li.select_one(".count").get_text())
        for li in cells["bn"].select(".reason-counts li")
    ]
    assert bn == [("Numbers", "3"), ("Style", "1")]
    assert cells["ur"].select_one(".reason-counts").get_text(" ", strip=True) == "Terminology 1"
    assert cells["hi"].select_one(".reason-counts") is None


def test_the_dashboard_counts_cost_one_query_whatever_the_page_holds(
    client, users, statement, django_assert_max_num_queries
):
    client.force_login(users["editor"])
    bengali = in_review(statement, users, "bn")
    services.variant_request_changes(
        variant=bengali, actor=users["reviewer"], note=NOTE["bn"], reasons=["style"]
    )
    with django_assert_max_num_queries(50) as few:
        client.get(reverse("workspace:dashboard"))
    for n in range(4):
        extra = make_statement(users["author"], source_language="hi", slug=f"extra-{n}")
        services.statement_submit_for_translation(
            statement=extra, actor=users["author"], targets=["bn"]
        )
        variant = in_review(extra, users, "bn")
        services.variant_request_changes(
            variant=variant, actor=users["reviewer"], note=NOTE["bn"], reasons=["accuracy"]
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("workspace:dashboard"))
