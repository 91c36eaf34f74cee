"""API tokens follow the password: a new password (changed, reset, set by an admin)
revokes every token made with the old one."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save, pre_save
from rest_framework.authtoken.models import Token


def note_password_change(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw or instance.pk is None:
        return
    stored = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    instance._anuvad_password_changed = stored is not None and stored != instance.password


def revoke_tokens(sender, instance, created: bool = False, raw: bool = False, **kwargs) -> None:
    if raw or created:
        return
    if getattr(instance, "_anuvad_password_changed", False):
        Token.objects.filter(user=instance).delete()
        instance._anuvad_password_changed = False


def connect() -> None:
    user_model = get_user_model()
    pre_save.connect(note_password_change, sender=user_model, dispatch_uid="api.tokens.pre")
    post_save.connect(revoke_tokens, sender=user_model, dispatch_uid="api.tokens.post")
