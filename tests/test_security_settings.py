"""Production settings pass Django's deploy checks; pages carry the security headers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

ROOT = Path(__file__).parents[1]


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "k" * 20 + "-production-like-secret-" + "q" * 30,
        "DJANGO_ALLOWED_HOSTS": "statements.example.org",
        "ANUVAD_ENV_FILE": "",
        "ANUVAD_VAR_DIR": str(tmp_path),
    }
    # Nothing the test run itself sets (the browser tests allow async-unsafe ORM calls).
    for name in (
        "DJANGO_SECURE_SSL_REDIRECT",
        "DJANGO_SECURE_COOKIES",
        "DJANGO_HSTS_SECONDS",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    ):
        env.pop(name, None)
    run = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "no issues" in run.stdout


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/", "/accounts/login/", "/api/v1/statements/"])
def test_every_page_forbids_inline_script_and_framing(client, path):
    response = client.get(path, follow=True)
    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_forms_need_the_csrf_token(users):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/accounts/login/", {"username": "editor", "password": "x"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_an_oversized_upload_is_413_before_it_is_read(client, users, settings):
    settings.ANUVAD_MAX_UPLOAD_BYTES = 1024
    client.force_login(users["translator_hi"])
    big = SimpleUploadedFile("big.po", b"#" * 4096, content_type="text/x-gettext-translation")
    response = client.post("/desk/versions/1/po/upload/", {"file": big})
    assert response.status_code == 413
    assert "nothing was changed" in response.content.decode()


@pytest.mark.django_db
def test_an_oversized_api_body_gets_the_error_body(users, settings):
    from rest_framework.test import APIClient

    settings.ANUVAD_MAX_UPLOAD_BYTES = 1024
    api = APIClient()
    api.force_authenticate(users["author"])
    response = api.post(
        "/api/v1/desk/statements/",
        {"source_language": "en", "title": "t", "body": "x" * 4096},
        format="json",
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"
