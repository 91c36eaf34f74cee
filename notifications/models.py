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

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_notification_per_key")
        ]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.subject


class Preference(models.Model):
    """A person's choice for one kind; no row means both channels are on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    email = models.BooleanField(default=True)
    in_app = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: email={self.email} in_app={self.in_app}"


class NoticeLanguage(models.Model):
    """The language a person's notices and emails are written in; no row: the site's default."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_language"
    )
    code = models.CharField(max_length=5, choices=languages.choices())

    def __str__(self) -> str:
        return f"{self.user_id}: {self.code}"
