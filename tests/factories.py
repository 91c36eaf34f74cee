"""Factories for tests: users with roles and languages, statements driven through the services."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from workflow import roles as workflow_roles
from workflow import services
from workflow.models import Organisation, Statement

HINDI_TITLE = "मज़दूरों की न्यूनतम मज़दूरी पर बयान"
HINDI_BODY = (
    "दिल्ली में 1,413 निर्माण मज़दूरों को तीन महीने से मज़दूरी नहीं मिली है।\n\n"
    "हम माँग करते हैं कि बकाया राशि तुरंत दी जाए।"
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("test-password-123")


def make_user(username: str, *, roles: list[str], languages: list[str]):
    user = UserFactory(username=username)
    for role in roles:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    workflow_roles.set_working_languages(user, languages)
    return user


def make_statement(author, *, source_language: str = "en", **overrides) -> Statement:
    texts = {
        "en": (
            "Statement on unpaid wages",
            "1,413 construction workers in Delhi have not been paid for three months.\n\n"
            "We demand that the dues be paid at once.",
        ),
        "hi": (HINDI_TITLE, HINDI_BODY),
        "bn": ("মজুরি নিয়ে বিবৃতি", "কলকাতায় ১,৪১৩ জন নির্মাণ শ্রমিক তিন মাস ধরে মজুরি পাননি।"),
        "ur": ("اجرت پر بیان", "دہلی میں 1,413 تعمیراتی مزدوروں کو تین مہینے سے اجرت نہیں ملی۔"),
    }
    title, body = texts.get(source_language, texts["en"])
    values = {"title": title, "body": body, "summary": "", "source_language": source_language}
    values.update(overrides)
    return services.statement_create(author=author, **values)


# Signatories in the three scripts (and one in English), in this order.
ORGANISATIONS = ("जन अधिकार मंच", "শ্রমিক সংঘ", "مزدور اتحاد", "Workers' Forum")


def make_organisations(*names: str) -> list[Organisation]:
    """Organisations named ``names`` (default: ORGANISATIONS), in that order."""
    return [
        Organisation.objects.create(slug=f"org-{n}", name=name)
        for n, name in enumerate(names or ORGANISATIONS)
    ]
