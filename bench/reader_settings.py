"""Settings for bench.reader's gunicorn: the site's own, with a trivial view added to the URLs."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.reader_urls"
