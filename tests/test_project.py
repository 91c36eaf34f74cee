"""Project-level promises: migrations, deploy checks, set-up files, admin and reader smoke."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tests.support.demo import load_demo_once
from workflow.models import Statement

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x7!Qm2#pR9vL$w4zT8nB@c6yH1jK5fD0sG3aE-uIoPlMnVbXqW",
    "DJANGO_ALLOWED_HOSTS": "statements.example.org",
    "DATABASE_URL": "sqlite:////tmp/anuvad-deploy-check.sqlite3",
    "ANUVAD_ENV_FILE": "",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ANUVAD_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_migrations_are_committed(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_check_deploy_passes_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_without_a_secret_key_fails_at_start():
    env = PRODUCTION_ENV | {"DJANGO_SECRET_KEY": ""}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_readme_and_ci_give_the_two_commands():
    head = "\n".join((ROOT / "README.md").read_text().splitlines()[:30])
    assert "make run" in head and "make test" in head
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_docker_compose_file_describes_the_stack():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(services)
    for name in ("postgres", "redis", "web", "worker", "beat"):
        assert services[name].get("healthcheck", {}).get("test"), f"{name} has no health check"
    assert "postgres-data" in compose["volumes"] and "redis-data" in compose["volumes"]
    assert services["web"]["command"][:3] == ["gunicorn", "-c", "config/gunicorn.py"]
    assert "DATABASE_URL" in services["worker"]["environment"]


def test_only_the_buffering_proxy_is_reachable_from_outside():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert [name for name, s in services.items() if s.get("ports")] == ["proxy"]
    assert services["proxy"]["image"].startswith("nginx:")
    web = services["web"]
    # gunicorn on a socket in a volume only the proxy shares: no TCP port to send it headers.
    assert web["environment"]["GUNICORN_BIND"] == "unix:/run/anuvad/gunicorn.sock"
    sharing = [
        n for n, s in services.items() if any("web-socket:" in v for v in s.get("volumes", []))
    ]
    assert sorted(sharing) == ["proxy", "web"]
    assert web["environment"]["ANUVAD_PROXY_COUNT"] == "1"
    assert "-c" in Path(ROOT / "Dockerfile").read_text().split("CMD", 1)[1]


@pytest.mark.skipif(
    shutil.which("nginx") is None, reason="nginx not installed (apt-get install nginx)"
)
def test_the_proxy_configuration_is_valid_nginx(tmp_path):
    tls = tmp_path / "tls"
    tls.mkdir()
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=statements.example.org",
            "-keyout",
            tls / "privkey.pem",
            "-out",
            tls / "fullchain.pem",
        ],
        check=True,
        capture_output=True,
    )
    site = (ROOT / "deploy" / "nginx" / "anuvad.conf").read_text()
    site = site.replace("/etc/nginx/tls", str(tls)).replace("/run/anuvad", str(tmp_path))
    site = site.replace("/var/www/acme", str(tmp_path))
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  include {tmp_path}/site.conf;\n}}\n"
    )
    result = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def _compose_command() -> list[str] | None:
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True)
        if probe.returncode == 0:
            return ["docker", "compose"]
    return None


@pytest.mark.skipif(_compose_command() is None, reason="neither docker-compose nor docker compose")
def test_docker_compose_config_validates():
    env = os.environ | {"DJANGO_SECRET_KEY": "s", "POSTGRES_PASSWORD": "p"}
    result = subprocess.run(
        [*_compose_command(), "-f", "docker-compose.yml", "config", "-q"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    missing = subprocess.run(
        [*_compose_command(), "-f", "docker-compose.yml", "config", "-q"],
        cwd=ROOT,
        env={k: v for k, v in env.items() if k != "POSTGRES_PASSWORD"},
        capture_output=True,
        text=True,
    )
    assert missing.returncode != 0 and "POSTGRES_PASSWORD" in missing.stderr


@pytest.fixture
def demo(transactional_db):
    load_demo_once()


def test_admin_shows_the_editor_statements_in_four_languages(client, demo):
    client.force_login(get_user_model().objects.get(username="editor"))
    listing = client.get("/admin/workflow/statement/")
    assert listing.status_code == 200
    for slug in Statement.objects.values_list("slug", flat=True):
        assert slug in listing.content.decode()

    published = Statement.objects.get(slug="flood-relief-appeal-north-bihar")
    page = client.get(f"/admin/workflow/statement/{published.pk}/change/").content.decode()
    for code in ("en", "hi", "bn", "ur"):
        assert published.published_text(code).title in page
    assert "vendor/jquery-ui/jquery-ui.min.js" in page
    assert "googleapis" not in page and "//cdn" not in page

    log = client.get("/admin/workflow/transition/")
    assert log.status_code == 200 and "published" in log.content.decode()
    assert client.get("/admin/workflow/transition/1/delete/").status_code == 403


def test_superuser_edits_published_text_in_language_tabs(client, demo, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw-12345!")
    client.force_login(admin)
    statement = Statement.objects.get(slug="flood-relief-appeal-north-bihar")
    page = client.get(f"/admin/workflow/statement/{statement.pk}/change/").content.decode()
    assert "tabbed_translation_fields.js" in page
    assert 'name="title_ur"' in page and 'name="title_hi"' in page


def test_reader_sees_published_text_and_a_fallback_notice(client, demo):
    hindi = client.get("/hi/statements/flood-relief-appeal-north-bihar/")
    assert hindi.status_code == 200
    statement = Statement.objects.get(slug="flood-relief-appeal-north-bihar")
    assert statement.published_text("hi").title in hindi.content.decode()

    # Published only in its source (Urdu): a Bengali reader gets the Urdu text, told so.
    urdu_only = Statement.objects.get(slug="chikankari-artisans-piece-rates-lucknow")
    page = client.get(f"/bn/statements/{urdu_only.slug}/").content.decode()
    assert urdu_only.published_text("ur").title in page
    assert 'lang="ur" dir="rtl"' in page and 'class="notice"' in page

    draft = Statement.objects.get(slug="air-pollution-advisory-outdoor-workers")
    assert client.get(f"/en/statements/{draft.slug}/").status_code == 404


def test_editor_submits_and_publishes_from_the_admin(client, demo):
    client.force_login(get_user_model().objects.get(username="editor"))
    draft = Statement.objects.get(slug="air-pollution-advisory-outdoor-workers")
    response = client.post(
        "/admin/workflow/statement/",
        {"action": "submit_for_translation", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert "3 language version(s) sent to machine translation" in response.content.decode()
    assert set(draft.variants.values_list("state", flat=True)) == {"in_review", "ready"}


def test_editor_releases_a_claim_from_the_admin(client, demo):
    client.force_login(get_user_model().objects.get(username="editor"))
    claimed = Statement.objects.get(slug="release-journalist-farhan-qureshi").variants.get(
        language="hi"
    )
    assert claimed.state == "in_translation"
    response = client.post(
        "/admin/workflow/variant/",
        {"action": "release_selected", "_selected_action": [claimed.pk]},
        follow=True,
    )
    assert "1 claim(s) released" in response.content.decode()
    claimed.refresh_from_db()
    assert claimed.state == "ready" and claimed.assignee is None
    assert claimed.transitions.latest("pk").actor.username == "editor"


def test_the_image_ships_every_local_app_and_installs_from_the_lock():
    from django.conf import settings

    dockerfile = (ROOT / "Dockerfile").read_text()
    local = {
        app.split(".")[0] for app in settings.INSTALLED_APPS if (ROOT / app.split(".")[0]).is_dir()
    }
    missing = [app for app in sorted(local) if f"COPY {app} {app}" not in dockerfile]
    assert not missing, f"the image lacks {missing}"
    assert "uv sync --locked" in dockerfile and "pip install" not in dockerfile
