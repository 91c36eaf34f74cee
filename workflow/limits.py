"""What a statement's fields may hold: the desk's forms and the API check the same limits."""

from __future__ import annotations

from datetime import UTC, datetime

# Title, byline and dateline are as long as their columns; summary and body are text
# columns, bounded so that one request cannot store megabytes.
TEXT_MAX_LENGTH: dict[str, int] = {
    "title": 300,
    "summary": 5_000,
    "body": 100_000,
    "byline": 300,
    "dateline": 120,
}
NOTE_MAX_LENGTH = 4_000
# Sentences a statement may have across its fields: each is a row on the desk, in the
# review and in every revision's comparison, so characters alone do not keep pages small
# (100,000 characters of one-word sentences would be thousands of rows). A long joint
# statement has a few hundred.
MAX_SENTENCES = 600

# Dates outside these years are typing mistakes (and before 1900 local zones have odd offsets).
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)
