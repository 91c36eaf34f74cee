"""What the desk told each person, and which kinds of message each person wants."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from translations import languages


class Kind(models.TextChoices):
    NEW_WORK = "new_work", _("New work in my languages")
    CLAIM_EXPIRING = "claim_expiring", _("My claim is about to expire")
    CLAIM_EXPIRED = "claim_expired", _("My claim expired")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested on my translation")
    APPROVED = "approved", _("My translation was approved")
    PUBLISHED = "published", _("A version I worked on was published")
    REVIEW_WANTED = "review_wanted", _("A translation waits for review in my languages")
    ASSIGNED = "assigned", _("An editor assigned work to me")
    DEADLINE = "deadline", _("A deadline is near")
    OVERDUE = "overdue", _("A deadline has passed")
    ENGINE_BUDGET = "engine_budget", _("A machine-translation engine used up its monthly budget")


class Frequency(models.TextChoices):
    """When a kind's emails go out: each at once, or gathered into one email a period."""

    IMMEDIATE = "immediate", _("At once")
    HOURLY = "hourly", _("Once an hour, gathered")
    DAILY = "daily", _("Once a day, gathered")


# Kinds that lose their point if they wait for a digest: always emailed at once.
ALWAYS_IMMEDIATE = frozenset({Kind.CLAIM_EXPIRING, Kind.DEADLINE, Kind.OVERDUE})


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    # One notification per user and key: a reminder sent twice by beat is stored once.
    key = models.CharField(max_length=200)
    subject = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    in_app = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # How the email goes: at once or in a digest; blank: no email (turned off, or no address).
    email_delivery = models.CharField(
        max_length=10, choices=Frequency.choices, blank=True, default=""
    )
    # The language the subject and body were written in (for the email's lang and dir).
    language = models.CharField(max_length=5, blank=True, default="")

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_notification_per_key")
        ]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["email_delivery", "emailed_at"], name="notice_digest_pending"),
        ]

    def __str__(self) -> str:
        return self.subject


class Preference(models.Model):
    """A person's choice for one kind; no row means both channels on, emails at once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    email = models.BooleanField(default=True)
    in_app = models.BooleanField(default=True)
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return (
            f"{self.user_id} {self.kind}: email={self.email} ({self.frequency}) "
            f"in_app={self.in_app}"
        )


class NoticeLanguage(models.Model):
    """The language a person's notices and emails are written in; no row: the site's default."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_language"
    )
    code = models.CharField(max_length=5, choices=languages.choices())

    def __str__(self) -> str:
        return f"{self.user_id}: {self.code}"
