"""The workspace pages: who may open and do what, and what each action changes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import make_statement, make_user
from translations import formatting
from workflow import services
from workflow.models import Comment, Segment, Statement, Transition, Variant

pytestmark = pytest.mark.django_db(transaction=True)

HINDI = {
    0: "अवैतनिक मज़दूरी पर बयान",
    1: "दिल्ली में 1,413 निर्माण मज़दूरों को तीन महीने से मज़दूरी नहीं मिली है।",
    2: "हम माँग करते हैं कि बकाया राशि तुरंत दी जाए।",
}


@pytest.fixture
def statement(users, settings) -> Statement:
    """An English statement submitted to hi, bn and ur, each version ready to claim."""
    settings.ANUVAD_MT_ENABLED = False
    st = make_statement(users["author"])
    services.statement_submit_for_translation(
        statement=st, actor=users["author"], targets=["hi", "bn", "ur"]
    )
    return st


def version(statement: Statement, code: str) -> Variant:
    return statement.variants.get(language=code)


def translate_all(variant: Variant, user, texts=HINDI) -> None:
    from workflow.services import segment_save

    for segment in variant.segments.order_by("position"):
        segment_save(
            segment=segment,
            actor=user,
            text=texts[segment.position],
            expected_version=segment.version,
        )


def htmx(client, url, data):
    return client.post(url, data, HTTP_HX_REQUEST="true")


# ---- who may open what -------------------------------------------------------------------

PAGES = ("workspace:edit", "workspace:review", "workspace:po_download")
# (user, language of the version) -> expected status for every page above.
OPEN_MATRIX = [
    ("translator_hi", "hi", 200),
    ("translator_hi", "bn", 404),
    ("translator_hi", "ur", 404),
    ("translator_bn", "bn", 200),
    ("translator_bn", "hi", 404),
    ("translator_ur", "ur", 200),
    ("translator_ur", "hi", 404),
    ("reviewer_bn", "bn", 200),
    ("reviewer_bn", "hi", 404),
    ("reviewer", "ur", 200),
    ("editor", "hi", 200),
    ("editor", "ur", 200),
    ("author", "hi", 404),  # authors write sources; the desk's translations are not theirs
    ("nobody", "hi", 404),
]


@pytest.mark.parametrize(("who", "code", "status"), OPEN_MATRIX)
def test_pages_open_only_in_the_users_languages(client, users, statement, who, code, status):
    client.force_login(users[who])
    pk = version(statement, code).pk
    for page in PAGES:
        assert client.get(reverse(page, args=[pk])).status_code == status, page


def test_anonymous_people_are_sent_to_log_in(client, statement):
    pk = version(statement, "hi").pk
    urls = [reverse(page, args=[pk]) for page in PAGES]
    urls += [reverse("workspace:my_work"), reverse("workspace:dashboard")]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    response = client.post(reverse("workspace:claim", args=[pk]))
    assert response.status_code == 302 and version(statement, "hi").state == "ready"


def test_dashboard_is_for_editors_only(client, users, statement):
    for who in ("translator_hi", "reviewer", "author"):
        client.force_login(users[who])
        assert client.get(reverse("workspace:dashboard")).status_code == 403
    client.force_login(users["editor"])
    page = client.get(reverse("workspace:dashboard"))
    assert page.status_code == 200
    assert "Statement on unpaid wages" in page.content.decode()


# ---- claims ------------------------------------------------------------------------------

CLAIM_MATRIX = [
    ("translator_hi", "hi", 302, "in_translation"),
    ("translator_bn", "hi", 404, "ready"),  # another language: as if it did not exist
    ("translator_ur", "bn", 404, "ready"),
    ("reviewer", "hi", 403, "ready"),  # reviewers review; they do not claim
    ("nobody", "hi", 404, "ready"),
]


@pytest.mark.parametrize(("who", "code", "status", "state"), CLAIM_MATRIX)
def test_claim_matrix(client, users, statement, who, code, status, state):
    client.force_login(users[who])
    pk = version(statement, code).pk
    assert client.post(reverse("workspace:claim", args=[pk])).status_code == status
    assert version(statement, code).state == state


def test_claim_release_and_renew_in_one_click(client, users, statement):
    client.force_login(users["translator_hi"])
    hindi = version(statement, "hi")
    response = client.post(reverse("workspace:claim", args=[hindi.pk]))
    assert response["Location"] == reverse("workspace:edit", args=[hindi.pk])
    claimed = version(statement, "hi")
    assert claimed.assignee == users["translator_hi"]

    Variant.objects.filter(pk=hindi.pk).update(
        claim_expires_at=claimed.claim_expires_at.replace(year=2000)
    )
    client.post(reverse("workspace:renew", args=[hindi.pk]))
    assert version(statement, "hi").claim_expires_at > claimed.claim_expires_at.replace(year=2000)

    client.post(reverse("workspace:release", args=[hindi.pk]))
    released = version(statement, "hi")
    assert released.state == "ready" and released.assignee is None
    moves = list(
        Transition.objects.filter(variant=hindi).values_list("to_state", "actor__username")
    )
    assert moves[-2:] == [("in_translation", "translator_hi"), ("ready", "translator_hi")]


def test_a_second_claim_is_refused_and_the_first_kept(client, users, statement):
    hindi = version(statement, "hi")
    services.variant_claim(variant=hindi, actor=users["translator_hi"])
    client.force_login(users["translator_hi2"])
    response = client.post(reverse("workspace:claim", args=[hindi.pk]), follow=True)
    assert "already claimed" in response.content.decode()
    assert version(statement, "hi").assignee == users["translator_hi"]


def test_my_work_lists_what_i_may_claim_and_hold(client, users, statement):
    services.variant_claim(variant=version(statement, "hi"), actor=users["translator_hi"])
    client.force_login(users["translator_hi"])
    page = client.get(reverse("workspace:my_work")).content.decode()
    mine = page.split('id="h-claims"')[1].split('id="h-returned"')[0]
    assert reverse("workspace:edit", args=[version(statement, "hi").pk]) in mine
    client.force_login(users["translator_bn"])
    page = client.get(reverse("workspace:my_work")).content.decode()
    claimable = page.split('id="h-claimable"')[1]
    assert reverse("workspace:claim", args=[version(statement, "bn").pk]) in claimable
    assert reverse("workspace:claim", args=[version(statement, "hi").pk]) not in claimable


# ---- editing -----------------------------------------------------------------------------


def test_autosave_keeps_versions_and_refuses_a_stale_save(client, users, statement):
    hindi = version(statement, "hi")
    services.variant_claim(variant=hindi, actor=users["translator_hi"])
    client.force_login(users["translator_hi"])
    segment = hindi.segments.get(position=1)
    url = reverse("workspace:save_segment", args=[segment.pk])

    first = htmx(client, url, {"text": HINDI[1], "version": segment.version})
    assert first.status_code == 200
    assert f'value="{segment.version + 1}"' in first.content.decode()  # the new version
    stale = htmx(client, url, {"text": "पुराना पाठ।", "version": segment.version})
    assert stale.status_code == 409
    body = stale.content.decode()
    assert "Someone saved this sentence" in body and HINDI[1] in body
    saved = Segment.objects.get(pk=segment.pk)
    assert (saved.target, saved.version, saved.origin) == (HINDI[1], segment.version + 1, "human")
    assert version(statement, "hi").segments_done == 1


def test_a_save_without_the_claim_or_in_another_language_changes_nothing(client, users, statement):
    hindi = version(statement, "hi")
    services.variant_claim(variant=hindi, actor=users["translator_hi"])
    segment = hindi.segments.get(position=1)
    url = reverse("workspace:save_segment", args=[segment.pk])
    client.force_login(users["translator_hi2"])
    assert htmx(client, url, {"text": "x", "version": segment.version}).status_code == 403
    client.force_login(users["translator_bn"])
    assert htmx(client, url, {"text": "x", "version": segment.version}).status_code == 404
    assert Segment.objects.get(pk=segment.pk).target == ""


def test_script_in_a_sentence_is_stored_as_plain_text(client, users, statement):
    hindi = version(statement, "hi")
    services.variant_claim(variant=hindi, actor=users["translator_hi"])
    client.force_login(users["translator_hi"])
    segment = hindi.segments.get(position=2)
    text = '<script>alert(1)</script>हम माँग करते हैं<img src=x onerror="alert(2)">।'
    htmx(client, reverse("workspace:save_segment", args=[segment.pk]), {"text": text, "version": 1})
    assert Segment.objects.get(pk=segment.pk).target == "हम माँग करते हैं।"
    page = client.get(reverse("workspace:edit", args=[hindi.pk])).content.decode()
    assert "<script>alert" not in page and "onerror" not in page


def test_submit_is_blocked_by_a_numbers_error_until_fixed_or_overridden(client, users, statement):
    hindi = version(statement, "hi")
    services.variant_claim(variant=hindi, actor=users["translator_hi"])
    wrong = {**HINDI, 1: HINDI[1].replace("1,413", "१,४३१")}
    translate_all(hindi, users["translator_hi"], wrong)
    client.force_login(users["translator_hi"])
    submit = reverse("workspace:submit", args=[hindi.pk])

    page = client.post(submit, follow=True).content.decode()
    assert "QA found 1 error" in page and "१,४३१" in page
    assert version(statement, "hi").state == "in_translation"

    client.post(submit, {"override": "The source itself gives 1,431 in the annexe."})
    submitted = version(statement, "hi")
    assert submitted.state == "in_review"
    note = Transition.objects.filter(variant=hindi).latest("pk").note
    assert "QA override: The source itself gives 1,431 in the annexe." in note


def test_numbers_in_hindi_digits_pass(client, users, statement):
    hindi = version(statement, "hi")
    services.variant_claim(variant=hindi, actor=users["translator_hi"])
    translate_all(hindi, users["translator_hi"], {**HINDI, 1: HINDI[1].replace("1,413", "१,४१३")})
    client.force_login(users["translator_hi"])
    client.post(reverse("workspace:submit", args=[hindi.pk]))
    assert version(statement, "hi").state == "in_review"


# ---- review ------------------------------------------------------------------------------


def _in_review(statement, users) -> Variant:
    hindi = version(statement, "hi")
    services.variant_claim(variant=hindi, actor=users["translator_hi"])
    translate_all(hindi, users["translator_hi"])
    return services.variant_submit_for_review(variant=hindi, actor=users["translator_hi"])


def test_request_changes_needs_a_comment_and_reaches_the_translator(client, users, statement):
    hindi = _in_review(statement, users)
    client.force_login(users["reviewer"])
    url = reverse("workspace:request_changes", args=[hindi.pk])
    client.post(url, {"note": "  "})
    assert version(statement, "hi").state == "in_review"
    client.post(url, {"note": "दूसरे वाक्य में 'बकाया' की जगह 'बकाया राशि' लिखें।"})
    returned = version(statement, "hi")
    assert returned.state == "changes_requested" and returned.assignee == users["translator_hi"]
    assert Comment.objects.get(variant=hindi).text.startswith("दूसरे वाक्य")
    client.force_login(users["translator_hi"])
    page = client.get(reverse("workspace:my_work")).content.decode()
    assert reverse("workspace:edit", args=[hindi.pk]) in page.split('id="h-returned"')[1]


def test_a_note_that_cannot_be_kept_as_a_comment_sends_nothing_back(users, statement):
    from workflow.exceptions import InvalidInput
    from workflow.services import MAX_COMMENT_CHARS

    hindi = _in_review(statement, users)
    with pytest.raises(InvalidInput):
        services.variant_request_changes(
            variant=hindi, actor=users["reviewer"], note="ल" * (MAX_COMMENT_CHARS + 1)
        )
    assert version(statement, "hi").state == "in_review"
    assert not Comment.objects.filter(variant=hindi).exists()
    assert not Transition.objects.filter(variant=hindi, to_state="changes_requested").exists()


def test_review_permissions(client, users, statement):
    hindi = _in_review(statement, users)
    approve = reverse("workspace:approve", args=[hindi.pk])
    client.force_login(users["reviewer_bn"])  # reviews Bengali only
    assert client.post(approve).status_code == 404
    client.force_login(users["translator_hi2"])  # a translator, not a reviewer
    assert client.post(approve).status_code == 403
    assert version(statement, "hi").state == "in_review"
    client.force_login(users["reviewer"])
    client.post(approve)
    assert version(statement, "hi").state == "approved"


def test_a_reviewer_never_approves_a_version_they_translated(client, users, statement):
    both = make_user("both_hi", roles=["translator", "reviewer"], languages=["hi"])
    hindi = version(statement, "hi")
    services.variant_claim(variant=hindi, actor=both)
    translate_all(hindi, both)
    services.variant_submit_for_review(variant=hindi, actor=both)
    client.force_login(both)
    page = client.get(reverse("workspace:review", args=[hindi.pk])).content.decode()
    assert "someone else must approve it" in page
    assert reverse("workspace:approve", args=[hindi.pk]) not in page
    response = client.post(reverse("workspace:approve", args=[hindi.pk]), follow=True)
    assert "someone else must approve" in response.content.decode()
    assert version(statement, "hi").state == "in_review"


def test_review_shows_the_changes_from_the_machine_text(client, users, mt_settings, mt_double):
    st = make_statement(users["author"])
    services.statement_submit_for_translation(statement=st, actor=users["author"], targets=["hi"])
    hindi = version(st, "hi")
    assert hindi.segments.get(position=2).target.startswith("[hi] ")  # the engine's pre-fill
    services.variant_claim(variant=hindi, actor=users["translator_hi"])
    translate_all(hindi, users["translator_hi"])
    services.variant_submit_for_review(variant=hindi, actor=users["translator_hi"])
    client.force_login(users["reviewer"])
    page = client.get(reverse("workspace:review", args=[hindi.pk])).content.decode()
    assert "<del>[hi] We demand that the dues be paid at once.</del>" in page
    assert "<ins>हम माँग करते हैं कि बकाया राशि तुरंत दी जाए।</ins>" in page


def test_comments_on_a_sentence(client, users, statement):
    hindi = _in_review(statement, users)
    segment = hindi.segments.get(position=1)
    url = reverse("workspace:comment", args=[hindi.pk])
    client.force_login(users["reviewer"])
    client.post(url, {"segment": segment.pk, "text": "संख्या सही है।"})
    assert Comment.objects.get().segment == segment
    client.force_login(users["translator_bn"])
    assert client.post(url, {"text": "x"}).status_code == 404
    other = version(statement, "bn").segments.first()
    client.force_login(users["reviewer"])
    assert client.post(url, {"segment": other.pk, "text": "x"}).status_code == 404
    assert Comment.objects.count() == 1


# ---- editor's dashboard ------------------------------------------------------------------


def test_editor_assigns_a_translator_of_that_language_only(client, users, statement):
    client.force_login(users["editor"])
    hindi, bengali = version(statement, "hi"), version(statement, "bn")
    client.post(
        reverse("workspace:assign", args=[bengali.pk]), {"assignee": users["translator_hi"].pk}
    )
    assert version(statement, "bn").state == "ready"
    client.post(
        reverse("workspace:assign", args=[hindi.pk]), {"assignee": users["translator_hi"].pk}
    )
    assigned = version(statement, "hi")
    assert (assigned.state, assigned.assignee) == ("in_translation", users["translator_hi"])
    client.force_login(users["translator_hi2"])
    response = client.post(
        reverse("workspace:assign", args=[hindi.pk]), {"assignee": users["translator_hi2"].pk}
    )
    assert response.status_code == 403


def test_dashboard_filters_and_shows_overdue(client, users, statement):
    from datetime import timedelta

    from django.utils import timezone

    Statement.objects.filter(pk=statement.pk).update(deadline=timezone.now() - timedelta(hours=1))
    other = make_statement(users["author"], title="Second statement", slug="second")
    services.statement_submit_for_translation(
        statement=other, actor=users["author"], targets=["bn"]
    )
    services.variant_claim(variant=version(statement, "hi"), actor=users["translator_hi"])
    client.force_login(users["editor"])
    page = client.get(reverse("workspace:dashboard")).content.decode()
    assert "Second statement" in page and 'class="overdue"' in page
    filtered = client.get(
        reverse("workspace:dashboard"), {"language": "hi", "state": "in_translation"}
    )
    text = filtered.content.decode()
    assert "Statement on unpaid wages" in text and "Second statement" not in text


def test_desk_dates_are_in_the_page_language(client, users, statement, settings):
    import datetime as dt

    deadline = dt.datetime(2026, 11, 21, 20, 0, tzinfo=dt.UTC)
    Statement.objects.filter(pk=statement.pk).update(deadline=deadline)
    client.force_login(users["editor"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "bn"
    page = client.get(reverse("workspace:dashboard")).content.decode()
    assert 'datetime="2026-11-22T01:30:00+05:30"' in page
    assert "২২ নভেঃ, ২০২৬ ১:৩০ রাত্রি" in page  # the time of day in Bengali words, not "AM"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("workspace:dashboard")).content.decode()
    # The English day period is CLDR's ("am" or "AM" by release); the form is what counts.
    assert formatting.format_moment(deadline, "en") in page
    assert formatting.format_moment(deadline, "en").startswith("22 Nov 2026, 1:30\u202f")


def test_dashboard_costs_the_same_queries_for_more_statements(
    client, users, statement, django_assert_max_num_queries
):
    client.force_login(users["editor"])
    client.get(reverse("workspace:dashboard"))
    for n in range(6):
        extra = make_statement(users["author"], title=f"Statement {n}", slug=f"s-{n}")
        services.statement_submit_for_translation(statement=extra, actor=users["author"])
    with django_assert_max_num_queries(20):
        assert client.get(reverse("workspace:dashboard")).status_code == 200


def test_editor_publishes_one_language_or_all_approved(client, users, statement):
    source = services.source_variant(statement)
    services.variant_approve(variant=source, actor=users["reviewer"])
    hindi = _in_review(statement, users)
    services.variant_approve(variant=hindi, actor=users["reviewer"])
    client.force_login(users["translator_hi"])
    assert (
        client.post(reverse("workspace:publish_statement", args=[statement.pk])).status_code == 403
    )
    client.force_login(users["editor"])
    client.post(reverse("workspace:publish_statement", args=[statement.pk]))
    assert version(statement, "en").state == "published"
    assert version(statement, "hi").state == "published"
    page = client.get(f"/hi/statements/{statement.slug}/").content.decode()
    assert HINDI[1] in page


@pytest.mark.parametrize("chosen", ["abc", "1 OR 1=1", "१", "9" * 30, "9" * 5000, "-1"])
def test_assigning_a_malformed_translator_id_is_400_and_changes_nothing(
    client, users, statement, chosen
):
    client.force_login(users["editor"])
    hindi = version(statement, "hi")
    before = Transition.objects.filter(variant=hindi).count()
    response = client.post(reverse("workspace:assign", args=[hindi.pk]), {"assignee": chosen})
    assert response.status_code == 400
    assert "Choose a translator" in response.content.decode()
    hindi.refresh_from_db()
    assert (hindi.state, hindi.assignee) == ("ready", None)
    assert Transition.objects.filter(variant=hindi).count() == before
