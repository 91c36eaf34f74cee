"""The machine status the author and the editors watch, and "Send to translators now".

The statement page and the dashboard cards are asked for again (htmx polling) only while
machine work is in progress; each poll is a small partial.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import make_statement, make_user
from translations import memory
from workflow import dispatch, pipeline, services
from workflow.choices import State
from workflow.models import Transition, Variant
from workflow.pipeline import lease

pytestmark = pytest.mark.django_db

HINDI_BODY = "दरभंगा में बाढ़ से चालीस हज़ार लोग बेघर हुए। राहत अधिकांश गाँवों तक नहीं पहुँची।"
KNOWN = "राहत अधिकांश गाँवों तक नहीं पहुँची।"
KNOWN_UR = "امداد زیادہ تر دیہات تک نہیں پہنچی۔"
POLL = 'hx-trigger="every'


@pytest.fixture
def lekhak(db):
    return make_user("lekhak", roles=["author"], languages=["hi"])


@pytest.fixture
def editor(db):
    return make_user("sampadak", roles=["editor"], languages=["hi", "bn", "ur", "en"])


@pytest.fixture
def statement(lekhak, monkeypatch, settings):
    """A Hindi statement sent to Urdu and Bengali, its machine tasks not yet run."""
    settings.ANUVAD_MT_ENABLED = False  # memory only, whenever the work is done here
    memory.add(source_language="hi", target_language="ur", source_text=KNOWN, target_text=KNOWN_UR)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dispatch, "after_commit", lambda *args, **kwargs: None)
        found = make_statement(lekhak, source_language="hi", body=HINDI_BODY, slug="baadh")
        services.statement_submit_for_translation(
            statement=found, actor=lekhak, targets=["ur", "bn"]
        )
    return found


def status_page(client, statement) -> str:
    response = client.get(reverse("workspace:statement_status", args=[statement.pk]))
    assert response.status_code == 200
    return response.content.decode()


def row(page: str, code: str) -> str:
    start = page.index(f'data-language="{code}"')
    return page[start : page.index("</li>", start)]


def urdu(statement) -> Variant:
    return statement.variants.get(language="ur")


def test_the_status_follows_the_work_and_polling_stops_when_it_is_done(client, lekhak, statement):
    client.force_login(lekhak)
    page = status_page(client, statement)
    assert POLL in page and "<html" not in page  # a partial, asked for again
    assert "Waiting for machine translation" in row(page, "ur")

    held = lease.take(urdu(statement).pk, states=[State.PENDING])
    Variant.objects.filter(pk=held.variant_id).update(segments_total=2, segments_done=1)
    assert "Machine translating: 1 of 2 sentences" in row(status_page(client, statement), "ur")

    held.hand_on(seconds=40, reason="google: could not connect (connection refused)")
    retrying = row(status_page(client, statement), "ur")
    assert "trying again at" in retrying
    assert "google: could not connect" in retrying

    for v in statement.variants.filter(state=State.PENDING):
        pipeline.variant_pretranslate(variant_id=v.pk)
    page = status_page(client, statement)
    assert POLL not in page
    ready = row(page, "ur")
    assert "Ready for translators" in ready and "1 from memory" in ready
    assert "2 need a translator" in ready  # the title and the other sentence
    assert "Machine translation pending" not in page


def test_the_statement_page_offers_send_now_while_versions_wait(client, lekhak, statement):
    client.force_login(lekhak)
    page = client.get(reverse("workspace:statement_source", args=[statement.pk])).content.decode()
    assert reverse("workspace:statement_send_now", args=[statement.pk]) in page
    assert reverse("workspace:statement_status", args=[statement.pk]) in page
    assert "Send to translators now" in page


def test_send_now_hands_the_waiting_versions_to_translators(client, lekhak, statement):
    client.force_login(lekhak)
    response = client.post(reverse("workspace:statement_send_now", args=[statement.pk]))
    assert response.status_code == 302
    assert set(statement.variants.exclude(language="hi").values_list("state", flat=True)) == {
        State.READY
    }
    record = urdu(statement).transitions.get(to_state=State.READY)
    assert record.actor == lekhak
    assert "without waiting for machine translation" in record.note
    assert urdu(statement).segments.get(source=KNOWN).target == KNOWN_UR
    page = client.get(response["Location"]).content.decode()
    assert "Sent to translators" in page
    assert "Send to translators now" not in page  # nothing waits any more


def test_send_now_with_nothing_waiting_says_so_and_changes_nothing(client, lekhak, statement):
    client.force_login(lekhak)
    client.post(reverse("workspace:statement_send_now", args=[statement.pk]))
    before = list(Transition.objects.values_list("pk", flat=True))
    send_now = reverse("workspace:statement_send_now", args=[statement.pk])
    response = client.post(send_now, follow=True)
    assert "waiting for machine translation" in response.content.decode()
    assert list(Transition.objects.values_list("pk", flat=True)) == before


@pytest.mark.parametrize("who", ["other_author", "translator"])
def test_only_its_author_or_an_editor_may_send_it_now_or_watch_it(client, statement, who):
    person = {
        "other_author": lambda: make_user("doosra", roles=["author"], languages=["hi"]),
        "translator": lambda: make_user("anuvadak", roles=["translator"], languages=["ur"]),
    }[who]()
    client.force_login(person)
    send_now = reverse("workspace:statement_send_now", args=[statement.pk])
    status = reverse("workspace:statement_status", args=[statement.pk])
    # Someone else's statement is not even shown to exist.
    assert client.post(send_now).status_code == 404
    assert client.get(status).status_code == 404
    assert statement.variants.filter(state=State.PENDING).count() == 2


def test_send_now_is_a_post(client, lekhak, statement):
    client.force_login(lekhak)
    send_now = reverse("workspace:statement_send_now", args=[statement.pk])
    assert client.get(send_now).status_code == 405
    assert statement.variants.filter(state=State.PENDING).count() == 2


def test_an_editor_sends_it_now(client, editor, statement):
    client.force_login(editor)
    client.post(reverse("workspace:statement_send_now", args=[statement.pk]))
    assert urdu(statement).transitions.get(to_state=State.READY).actor == editor


# ---- the dashboard ------------------------------------------------------------------------


def row_of(client, statement, code: str = "ur") -> str:
    response = client.get(reverse("workspace:dashboard_row", args=[statement.pk, code]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_dashboard_has_a_card_per_statement_with_a_row_per_language(client, editor, statement):
    client.force_login(editor)
    page = client.get(reverse("workspace:dashboard")).content.decode()
    assert page.count('<article class="card') == 1
    start = page.index(f'id="statement-{statement.pk}"')
    card = page[start : page.index("</article>", start)]
    for code in ("hi", "ur", "bn", "en"):
        assert f'data-language="{code}"' in card
    assert 'data-machine="queued"' in card and POLL in card
    assert "<table" not in page


def test_a_row_polls_while_work_runs_and_stops_after(client, editor, statement):
    client.force_login(editor)
    page = client.get(reverse("workspace:dashboard")).content.decode()
    hindi = row(page, "hi")  # the source, in review: nothing to wait for
    assert POLL not in hindi
    waiting = row_of(client, statement)
    assert POLL in waiting and "<html" not in waiting
    assert f'id="foot-{statement.pk}"' in waiting and 'hx-swap-oob="true"' in waiting
    services.statement_send_to_translators(statement=statement, actor=editor)
    ready = row_of(client, statement)
    assert POLL not in ready
    assert 'data-machine="ready"' in ready and "Assign" in ready


def test_the_rows_are_for_editors_only(client, lekhak, statement):
    client.force_login(lekhak)
    url = reverse("workspace:dashboard_row", args=[statement.pk, "ur"])
    assert client.get(url).status_code == 403


def test_an_unknown_language_or_statement_is_not_found(client, editor, statement):
    client.force_login(editor)
    assert (
        client.get(reverse("workspace:dashboard_row", args=[statement.pk, "xx"])).status_code == 404
    )
    assert client.get(reverse("workspace:dashboard_row", args=[999_999, "ur"])).status_code == 404


def _approve_all(statement, editor, reviewer):
    """Translate Urdu and approve it and the source (set-up through the services)."""
    services.statement_send_to_translators(statement=statement, actor=editor)
    services.variant_approve(variant=services.source_variant(statement), actor=reviewer)
    variant = urdu(statement)
    translator = make_user("anuvadak_ur", roles=["translator"], languages=["ur"])
    services.variant_claim(variant=variant, actor=translator)
    for segment in variant.segments.all():
        if not segment.target:
            services.segment_save(
                segment=segment,
                actor=translator,
                text="دربھنگہ میں سیلاب سے چالیس ہزار لوگ بے گھر ہوئے۔",
                expected_version=segment.version,
            )
    services.variant_submit_for_review(
        variant=urdu(statement), actor=translator, override="The same sentence, checked."
    )
    services.variant_approve(variant=urdu(statement), actor=reviewer)


def test_after_publish_all_the_row_watches_until_the_versions_are_live(
    client, editor, statement, monkeypatch
):
    reviewer = make_user("samikshak", roles=["reviewer"], languages=["hi", "ur"])
    _approve_all(statement, editor, reviewer)
    client.force_login(editor)
    assert POLL not in row_of(client, statement)  # approved, nobody asked to publish yet
    sent = []
    monkeypatch.setattr(dispatch, "after_commit", lambda *args, **kwargs: sent.append(args))
    client.post(reverse("workspace:publish_statement", args=[statement.pk]))
    assert sent and sent[0][0] == "publish_statement_task"
    awaited = row_of(client, statement)
    assert POLL in awaited  # the worker has not published yet: the row keeps asking
    assert "Publish all 2 approved" in awaited  # the card's footer, swapped out of band
    services.statement_publish_approved(statement=statement, actor=editor)
    live = row_of(client, statement)
    assert POLL not in live
    assert row(live, "ur").count("Published") == 1
    assert "Publish all" not in live


def test_a_poll_after_the_session_ran_out_sends_the_page_to_the_login(client, statement):
    status = reverse("workspace:statement_status", args=[statement.pk])
    source = reverse("workspace:statement_source", args=[statement.pk])
    response = client.get(
        status, headers={"HX-Request": "true", "HX-Current-URL": f"http://testserver{source}"}
    )
    assert response.status_code == 200 and response.content == b""
    assert response["HX-Redirect"].startswith(reverse("login"))
    assert response["HX-Redirect"].endswith(f"?next={source}")  # the page, not the part
    # Without htmx: the usual redirect to the login page.
    assert client.get(status).status_code == 302
    row = reverse("workspace:dashboard_row", args=[statement.pk, "ur"])
    assert "HX-Redirect" in client.get(row, headers={"HX-Request": "true"})
