"""The workflow API end to end, version checks on writes, and one error body for refusals."""

from __future__ import annotations

import pytest

from workflow.choices import State
from workflow.models import Segment, Statement, Transition, Variant

pytestmark = pytest.mark.django_db(transaction=True)

HINDI = [
    "अवैतनिक मज़दूरी पर बयान",
    "दिल्ली में 1,413 निर्माण मज़दूरों को तीन महीने से मज़दूरी नहीं मिली है।",
    "हम माँग करते हैं कि बकाया राशि तुरंत दी जाए।",
]
SOURCE = {
    "source_language": "en",
    "title": "Statement on unpaid wages",
    "body": "1,413 construction workers in Delhi have not been paid for three months.\n\n"
    "We demand that the dues be paid at once.",
    "priority": "urgent",
}


@pytest.fixture(autouse=True)
def _no_engines(settings):
    settings.ANUVAD_MT_ENABLED = False


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.content
    return response.json() if response.content else {}


def refused(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["code"] == code, error
    assert error["message"]
    return error


def created_statement(as_user) -> dict:
    author = as_user("author")
    statement = ok(author.post("/api/v1/desk/statements/", SOURCE, format="json"), 201)
    ok(author.post(f"/api/v1/desk/statements/{statement['id']}/submit/", {"targets": ["hi"]}))
    return statement


def test_a_statement_goes_from_the_api_to_the_public_api_in_hindi(as_user, api, users):
    statement = created_statement(as_user)
    hindi = Variant.objects.get(statement_id=statement["id"], language="hi")
    assert hindi.state == State.READY

    translator = as_user("translator_hi")
    claimable = ok(translator.get("/api/v1/desk/versions/claimable/"))["results"]
    assert [v["id"] for v in claimable] == [hindi.pk]
    assert ok(translator.post(f"/api/v1/desk/versions/{hindi.pk}/claim/"))["state"] == (
        State.IN_TRANSLATION
    )
    segments = ok(translator.get(f"/api/v1/desk/versions/{hindi.pk}/segments/"))["results"]
    assert len(segments) == 3
    for segment, text in zip(segments, HINDI, strict=True):
        saved = translator.patch(
            f"/api/v1/desk/segments/{segment['id']}/",
            {"text": text},
            format="json",
            HTTP_IF_MATCH=f'"{segment["version"]}"',
        )
        assert ok(saved)["target"] == text
        assert saved.headers["ETag"] == f'"{segment["version"] + 1}"'
    ok(translator.post(f"/api/v1/desk/versions/{hindi.pk}/submit/", {"note": "Done."}))

    editor = as_user("editor")
    source = Variant.objects.get(statement_id=statement["id"], language="en")
    ok(editor.post(f"/api/v1/desk/versions/{source.pk}/approve/"))
    ok(editor.post(f"/api/v1/desk/versions/{hindi.pk}/approve/", {"note": "Good."}))
    ok(editor.post(f"/api/v1/desk/statements/{statement['id']}/publish/"), 202)

    public = ok(api.get(f"/api/v1/statements/{statement['slug']}/"))
    hindi_text = next(v for v in public["versions"] if v["language"] == "hi")
    assert hindi_text["title"] == HINDI[0]
    assert HINDI[1] in hindi_text["body"]
    # Every move is on record, with who made it.
    moves = Transition.objects.filter(variant=hindi).values_list("to_state", "actor__username")
    assert list(moves) == [
        (State.PENDING, "author"),
        (State.READY, None),
        (State.IN_TRANSLATION, "translator_hi"),
        (State.IN_REVIEW, "translator_hi"),
        (State.APPROVED, "editor"),
        (State.PUBLISHED, "editor"),
    ]


@pytest.fixture
def claimed(as_user) -> tuple[Variant, Segment]:
    statement = created_statement(as_user)
    hindi = Variant.objects.get(statement_id=statement["id"], language="hi")
    ok(as_user("translator_hi").post(f"/api/v1/desk/versions/{hindi.pk}/claim/"))
    return hindi, hindi.segments.order_by("position").first()


def test_a_stale_if_match_is_412_and_changes_nothing(as_user, claimed):
    _, segment = claimed
    client = as_user("translator_hi")
    url = f"/api/v1/desk/segments/{segment.pk}/"
    ok(client.patch(url, {"text": HINDI[0]}, format="json", HTTP_IF_MATCH=f'"{segment.version}"'))
    error = refused(
        client.patch(url, {"text": "पुराना"}, format="json", HTTP_IF_MATCH=f'"{segment.version}"'),
        412,
        "precondition_failed",
    )
    assert "after you opened it" in error["message"]
    segment.refresh_from_db()
    assert segment.target == HINDI[0]


def test_a_stale_version_in_the_body_is_409_with_the_current_version(as_user, claimed):
    _, segment = claimed
    client = as_user("translator_hi")
    url = f"/api/v1/desk/segments/{segment.pk}/"
    ok(client.patch(url, {"text": HINDI[0], "version": segment.version}, format="json"))
    error = refused(
        client.patch(url, {"text": "पुराना", "version": segment.version}, format="json"),
        409,
        "stale",
    )
    assert error["current_version"] == segment.version + 1


def test_a_write_without_a_version_is_428(as_user, claimed):
    _, segment = claimed
    response = as_user("translator_hi").patch(
        f"/api/v1/desk/segments/{segment.pk}/", {"text": HINDI[0]}, format="json"
    )
    refused(response, 428, "precondition_required")


def test_a_malformed_if_match_is_412(as_user, claimed):
    _, segment = claimed
    response = as_user("translator_hi").patch(
        f"/api/v1/desk/segments/{segment.pk}/",
        {"text": HINDI[0]},
        format="json",
        HTTP_IF_MATCH="*",
    )
    refused(response, 412, "precondition_failed")


def test_markup_in_a_sentence_is_stored_as_plain_text(as_user, claimed):
    _, segment = claimed
    saved = ok(
        as_user("translator_hi").patch(
            f"/api/v1/desk/segments/{segment.pk}/",
            {"text": 'बयान <img src=x onerror="alert(1)"><script>alert(2)</script>', "version": 1},
            format="json",
        )
    )
    assert "<" not in saved["target"] and "alert(2)" not in saved["target"]


def test_an_illegal_move_is_409_and_recorded_nowhere(as_user, claimed):
    hindi, _ = claimed
    before = Transition.objects.count()
    refused(
        as_user("editor").post(f"/api/v1/desk/versions/{hindi.pk}/approve/"),
        409,
        "illegal_transition",
    )
    hindi.refresh_from_db()
    assert hindi.state == State.IN_TRANSLATION
    assert Transition.objects.count() == before


def test_the_translator_cannot_approve_their_own_work(as_user, users, claimed):
    from workflow import roles

    hindi, _ = claimed
    client = as_user("translator_hi")
    for seg, text in zip(hindi.segments.order_by("position"), HINDI, strict=True):
        ok(client.patch(f"/api/v1/desk/segments/{seg.pk}/", {"text": text, "version": 1}, "json"))
    ok(client.post(f"/api/v1/desk/versions/{hindi.pk}/submit/"))
    users["translator_hi"].groups.add(*users["reviewer"].groups.all())
    roles.forget(users["translator_hi"])
    error = refused(client.post(f"/api/v1/desk/versions/{hindi.pk}/approve/"), 409, "guard_failed")
    assert "someone else must approve" in error["message"]
    hindi.refresh_from_db()
    assert hindi.state == State.IN_REVIEW


def test_request_changes_needs_a_note(as_user, claimed):
    hindi, _ = claimed
    response = as_user("editor").post(f"/api/v1/desk/versions/{hindi.pk}/request-changes/", {})
    error = refused(response, 400, "invalid")
    assert "note" in error["fields"]


def test_someone_else_in_the_language_may_not_edit_a_claimed_version(as_user, claimed):
    _, segment = claimed
    response = as_user("translator_hi2").patch(
        f"/api/v1/desk/segments/{segment.pk}/", {"text": "x", "version": 1}, format="json"
    )
    refused(response, 403, "not_permitted")
    segment.refresh_from_db()
    assert segment.version == 1


def test_a_version_in_another_language_does_not_exist_for_a_translator(as_user, claimed):
    hindi, segment = claimed
    client = as_user("translator_bn")
    refused(client.get(f"/api/v1/desk/versions/{hindi.pk}/"), 404, "not_found")
    refused(client.get(f"/api/v1/desk/segments/{segment.pk}/"), 404, "not_found")
    refused(client.post(f"/api/v1/desk/versions/{hindi.pk}/release/"), 404, "not_found")


def test_only_authors_and_editors_write_statements(as_user):
    before = Statement.objects.count()
    refused(
        as_user("translator_hi").post("/api/v1/desk/statements/", SOURCE, format="json"),
        403,
        "not_permitted",
    )
    assert Statement.objects.count() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"source_language": "fr"}, "source_language"),
        ({"title": ""}, "title"),
        ({"title": "x" * 301}, "title"),
        # The documented maxLength counts what is sent, spaces that would be trimmed too.
        ({"title": " " + "x" * 300}, "title"),
        ({"title": "bad\x00byte"}, "title"),
        ({"topics": ["no-such-topic"]}, "topics"),
        ({"slug": "not a slug"}, "slug"),
    ],
)
def test_invalid_statements_are_400_naming_the_field(as_user, change, field):
    response = as_user("author").post("/api/v1/desk/statements/", {**SOURCE, **change}, "json")
    assert field in refused(response, 400, "invalid")["fields"]
    assert not Statement.objects.exists()


def test_the_source_text_is_edited_with_a_version_check(as_user):
    author = as_user("author")
    statement = ok(author.post("/api/v1/desk/statements/", SOURCE, format="json"), 201)
    source = statement["variants"][0]
    url = f"/api/v1/desk/versions/{source['id']}/"
    etag = author.get(url).headers["ETag"]
    updated = ok(author.patch(url, {"title": "Revised"}, format="json", HTTP_IF_MATCH=etag))
    assert updated["title"] == "Revised"
    refused(
        author.patch(url, {"title": "Lost"}, format="json", HTTP_IF_MATCH=etag),
        412,
        "precondition_failed",
    )
    assert Variant.objects.get(pk=source["id"]).title == "Revised"


def test_desk_endpoints_need_a_login(api):
    response = api.get("/api/v1/desk/versions/claimable/")
    refused(response, 401, "not_authenticated")
    assert response.headers["WWW-Authenticate"] == "Token"


def test_a_session_needs_the_csrf_token_for_writes(users):
    from rest_framework.test import APIClient

    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(users["author"])
    response = browser.post("/api/v1/desk/statements/", SOURCE, format="json")
    refused(response, 403, "permission_denied")
    assert not Statement.objects.exists()


def test_a_language_named_twice_gets_one_version(as_user):
    author = as_user("author")
    statement = ok(author.post("/api/v1/desk/statements/", SOURCE, format="json"), 201)
    url = f"/api/v1/desk/statements/{statement['id']}/submit/"
    data = ok(author.post(url, {"targets": ["ur", "hi", "hi", "ur"]}, format="json"))
    assert sorted(v["language"] for v in data["variants"]) == ["en", "hi", "ur"]


def test_related_lists_must_be_lists(as_user):
    response = as_user("author").post(
        "/api/v1/desk/statements/", {**SOURCE, "signatories": {}}, format="json"
    )
    assert "signatories" in refused(response, 400, "invalid")["fields"]


@pytest.mark.parametrize("field", ["text", "title"])
def test_invisible_controls_are_refused_with_their_names_and_change_nothing(
    as_user, claimed, field
):
    hindi, segment = claimed
    hindi.refresh_from_db()
    client = as_user("translator_hi")
    if field == "text":
        url, body = f"/api/v1/desk/segments/{segment.pk}/", {"version": segment.version}
        body["text"] = "हम \u202eजीते\u202c हैं।"
    else:
        url, body = f"/api/v1/desk/versions/{hindi.pk}/", {"version": hindi.version}
        body["title"] = "मज़दूरी\u2028पर बयान"
    error = refused(client.patch(url, body, format="json"), 400, "invalid")
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in error["message"] or "U+2028" in error["message"]
    segment.refresh_from_db()
    hindi.refresh_from_db()
    assert "\u202e" not in segment.target and "\u2028" not in hindi.title


def watch_queue(monkeypatch) -> list:
    """From now on, record every task a service asks to send after commit, sending none."""
    from workflow import dispatch

    sent: list = []
    monkeypatch.setattr(dispatch, "after_commit", lambda task, *calls: sent.append(task))
    return sent


def test_publish_by_someone_who_may_not_publish_is_403_in_any_state(as_user, users, monkeypatch):
    from workflow import services

    statement = created_statement(as_user)
    hindi = Variant.objects.get(statement_id=statement["id"], language="hi")
    source = Variant.objects.get(statement_id=statement["id"], language="en")
    services.publish(
        services.variant_approve(variant=source, actor=users["reviewer"]), actor=users["editor"]
    )
    queued = watch_queue(monkeypatch)
    before = Transition.objects.count()
    # A ready translation in the person's own language, and the live source.
    attempts = [
        ("translator_hi", hindi),
        ("reviewer", hindi),
        ("translator_en", source),
        ("reviewer", source),
    ]
    for who, variant in attempts:
        response = as_user(who).post(f"/api/v1/desk/versions/{variant.pk}/publish/")
        error = refused(response, 403, "not_permitted")
        assert "editor role" in error["message"]
    assert Transition.objects.count() == before
    assert Variant.objects.get(pk=hindi.pk).state == State.READY
    assert queued == []


def test_publish_of_a_version_not_approved_is_409_and_queues_nothing(as_user, monkeypatch):
    statement = created_statement(as_user)
    hindi = Variant.objects.get(statement_id=statement["id"], language="hi")
    queued = watch_queue(monkeypatch)
    before = Transition.objects.count()
    error = refused(
        as_user("editor").post(f"/api/v1/desk/versions/{hindi.pk}/publish/"),
        409,
        "illegal_transition",
    )
    assert "not approved" in error["message"]
    assert Variant.objects.get(pk=hindi.pk).state == State.READY
    assert Transition.objects.count() == before
    assert queued == []
