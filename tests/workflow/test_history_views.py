"""The desk's side of revisions: changed sentences in the editor, history, diff, rollback."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from tests.support.revising import CHANGED, SENTENCES, body_with, human, republish, revise
from workflow.models import PublishedVersion

pytestmark = pytest.mark.django_db(transaction=True)

NEW_HINDI = "श्रम विभाग ने एक सप्ताह में जाँच का वादा किया है।"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def revised(published, users, run_after_commit):
    """Revision 2 changed one sentence; Hindi was re-translated and published again."""
    revise(published, users, run_after_commit, body=body_with(6, CHANGED))
    return published


def test_the_editor_marks_the_changed_sentence_with_its_old_source_and_translation(revised, users):
    hindi = revised.variants.get(language="hi")
    page = soup(client_for(users["translator_hi"]).get(f"/desk/versions/{hindi.pk}/"))
    changed = page.select("section.seg.changed")
    assert len(changed) == 1
    assert changed[0].select_one("del").get_text() == SENTENCES[6]
    assert human("hi", 7) in changed[0].select_one(".tgt .was").get_text()
    labels = [b.get_text(" ", strip=True) for b in changed[0].select(".use-suggestion")]
    assert any(human("hi", 7) in label for label in labels)
    assert len(page.select("section.seg")) == 20


def test_history_lists_versions_and_shows_a_word_diff(revised, users, run_after_commit):
    republish(revised, "hi", users, run_after_commit, text=NEW_HINDI)
    client = client_for(users["editor"])
    page = soup(client.get(f"/desk/statements/{revised.pk}/history/"))
    hindi = page.select_one("#lang-hi")
    rows = hindi.select("table tbody tr")
    assert len(rows) == 2
    assert "reviewer" in rows[0].get_text() and "editor" in rows[0].get_text()
    assert "live" in rows[1].get_text()
    assert len(page.select("#h-revisions ~ table tbody tr")) == 2

    page = soup(client.get(f"/desk/statements/{revised.pk}/history/?lang=hi&a=1&b=2"))
    diff = page.select_one(".version-diff")
    assert diff["lang"] == "hi"
    assert "जाँच" in " ".join(i.get_text() for i in diff.select("ins"))
    assert "मानसून" in " ".join(d.get_text() for d in diff.select("del"))


def test_translators_see_the_history_of_their_languages_only(revised, users):
    page = soup(client_for(users["translator_bn"]).get(f"/desk/statements/{revised.pk}/history/"))
    assert page.select_one("#lang-bn") is not None
    assert page.select_one("#lang-hi") is None and page.select_one("#lang-en") is None
    assert (
        client_for(users["nobody"]).get(f"/desk/statements/{revised.pk}/history/").status_code
        == 404
    )


def test_an_editor_rolls_hindi_back_from_the_desk(revised, users, run_after_commit):
    republish(revised, "hi", users, run_after_commit, text=NEW_HINDI)
    first = PublishedVersion.objects.get(
        variant__statement=revised, variant__language="hi", number=1
    )
    url = f"/desk/statements/{revised.pk}/history/hi/rollback/"

    refused = client_for(users["reviewer"]).post(url, {"number": "1", "note": "Wrong."})
    assert refused.status_code == 403
    revised.refresh_from_db()
    assert NEW_HINDI in revised.body_hi

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(users["editor"])
    assert strict.post(url, {"number": "1", "note": "Wrong."}).status_code == 403

    done = client_for(users["editor"]).post(
        url, {"number": "1", "note": "The inquiry is not confirmed."}
    )
    assert done.status_code == 302
    revised.refresh_from_db()
    assert revised.body_hi == first.body
    last = PublishedVersion.objects.filter(
        variant__statement=revised, variant__language="hi"
    ).last()
    assert (last.kind, last.restores_id) == ("rollback", first.pk)

    missing_note = client_for(users["editor"]).post(url, {"number": "2", "note": " "})
    assert missing_note.status_code == 302  # back with the reason; nothing changed
    assert (
        PublishedVersion.objects.filter(variant__statement=revised, variant__language="hi").count()
        == 3
    )


def test_the_change_note_is_an_editors_and_readers_see_it(revised, users, client):
    revision = revised.revisions.get(number=2)
    url = f"/desk/revisions/{revision.pk}/note/"
    assert client_for(users["author"]).post(url, {"change_note": "Sneaky."}).status_code == 403
    note = "जाँच का वादा जोड़ा गया।"  # a note in any script
    assert client_for(users["editor"]).post(url, {"change_note": note}).status_code == 302
    revision.refresh_from_db()
    assert (revision.change_note, revision.change_note_by) == (note, users["editor"])
    page = soup(client.get(f"/en/statements/{revised.slug}/"))
    assert note in page.select_one("details.updated").get_text()


def test_what_a_source_revision_changed(revised, users):
    page = soup(
        client_for(users["author"]).get(f"/desk/statements/{revised.pk}/history/?revision=2")
    )
    diff = page.select_one("#revision-diff")
    assert [h.get_text() for h in diff.select("h4")] == ["body"]
    assert "inquiry" in " ".join(i.get_text() for i in diff.select("ins"))
    assert "monsoon" in " ".join(d.get_text() for d in diff.select("del"))
