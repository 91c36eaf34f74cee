"""Static files in production: hashed names through WhiteNoise, fonts referenced by hash too."""

from __future__ import annotations

import re

from django.core.management import call_command
from django.test import Client

from tests.publishing.conftest import EVERYWHERE


def test_pages_link_hashed_static_files_served_by_whitenoise(demo_site, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    client = Client()  # a new handler, so WhiteNoise sees the collected files

    page = client.get(f"/ur/statements/{EVERYWHERE}/").content.decode()
    css = re.findall(r'href="(/static/reader/[\w.-]+\.css)"', page)
    assert len(css) == 2 and all(re.search(r"\.[0-9a-f]{12}\.css$", url) for url in css), css

    fonts_css = next(url for url in css if "fonts" in url)
    response = client.get(fonts_css)
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]
    body = b"".join(response.streaming_content).decode()
    fonts = re.findall(r'url\("?([^")]+)"?\)', body)
    assert fonts and all(re.search(r"\.[0-9a-f]{12}\.woff2$", url) for url in fonts), fonts
    nastaliq = next(url for url in fonts if "nastaliq-urdu-400" in url)
    font = client.get(f"/static/reader/{nastaliq}" if not nastaliq.startswith("/") else nastaliq)
    assert font.status_code == 200
    assert b"".join(font.streaming_content)[:4] == b"wOF2"

    # The API's reference page links Redoc and its starter by their hashed names too.
    docs = client.get("/api/docs/").content.decode()
    scripts = re.findall(r'<script src="(/static/[^"]+)"', docs)
    assert len(scripts) == 2 and all(re.search(r"\.[0-9a-f]{12}\.js$", url) for url in scripts)
    for url in scripts:
        assert client.get(url).status_code == 200, url
