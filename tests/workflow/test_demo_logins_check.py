"""The system check that keeps a desk with working demo logins from starting in production."""

from __future__ import annotations

import pytest
from django.core.checks import run_checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from workflow.demo.users import DEMO_USERS, ensure_users

pytestmark = pytest.mark.django_db


def _errors(**kwargs):
    return [e for e in run_checks(**kwargs) if e.id == "workflow.E001"]


def test_production_refuses_every_demo_user_that_still_has_its_password(settings):
    settings.DEBUG = False
    users = ensure_users()
    users["reviewer"].set_password("a-new-secret-of-the-desk")
    users["reviewer"].save()

    errors = _errors(databases=["default"])
    named = sorted(e.msg.split("'")[1] for e in errors)
    assert named == sorted(u.username for u in DEMO_USERS if u.username != "reviewer")
    assert all(e.is_serious() for e in errors)
    with pytest.raises(SystemCheckError, match="editor"):
        call_command("check", "--database", "default")


def test_production_starts_once_the_demo_passwords_are_changed(settings):
    settings.DEBUG = False
    for user in ensure_users().values():
        user.set_password(f"{user.username}-changed-for-production")
        user.save()
    assert _errors(databases=["default"]) == []
    call_command("check", "--database", "default", verbosity=0)


def test_a_local_desk_keeps_its_demo_logins(settings):
    settings.DEBUG = True  # make run: DJANGO_DEBUG=1
    ensure_users()
    assert _errors(databases=["default"]) == []


def test_without_a_database_to_look_at_the_check_reads_nothing(settings, django_assert_num_queries):
    settings.DEBUG = False
    ensure_users()
    with django_assert_num_queries(0):
        assert _errors() == []
