"""Read-side queries of the workflow."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import (
    Case,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from . import roles
from .choices import Priority, Role, State
from .models import Statement, Variant


def variants_claimable_for(user: AbstractBaseUser) -> QuerySet[Variant]:
    """Ready variants the user could claim, urgent and nearest deadline first.

    Claiming is a translator's move, in the languages they work in (the state table's
    Who.TRANSLATOR). An editor moves a ready version only by assigning it to a translator
    from the dashboard, and an author not at all: they have nothing to claim.
    """
    if not roles.has_role(user, Role.TRANSLATOR):
        return Variant.objects.none()
    return (
        Variant.objects.filter(state=State.READY, language__in=roles.working_languages(user))
        .select_related("statement")
        .order_by(
            Case(When(statement__priority=Priority.URGENT, then=Value(0)), default=Value(1)),
            F("statement__deadline").asc(nulls_last=True),
            "created_at",
        )
    )


def with_desk_title(variants: QuerySet[Variant]) -> QuerySet[Variant]:
    """Variants with their statement's source title as ``desk_title`` (one query)."""
    source_title = Variant.objects.filter(
        statement=OuterRef("statement_id"), language=OuterRef("statement__source_language")
    ).values("title")[:1]
    return variants.annotate(desk_title=Subquery(source_title))


def claims_of(user: AbstractBaseUser) -> QuerySet[Variant]:
    """Versions the user holds a claim on, the claim running out soonest first."""
    return (
        Variant.objects.filter(assignee=user, state=State.IN_TRANSLATION)
        .select_related("statement")
        .order_by("claim_expires_at")
    )


def returned_to(user: AbstractBaseUser) -> QuerySet[Variant]:
    """Versions a reviewer sent back to this user with changes requested."""
    return (
        Variant.objects.filter(state=State.CHANGES_REQUESTED)
        .filter(Q(assignee=user) | Q(assignee__isnull=True, translated_by=user))
        .select_related("statement")
        .order_by("state_changed_at")
    )


def awaiting_review_for(user: AbstractBaseUser) -> QuerySet[Variant]:
    """Versions in review in the user's languages that someone else translated."""
    if not roles.has_role(user, Role.REVIEWER, Role.EDITOR):
        return Variant.objects.none()
    return (
        Variant.objects.filter(state=State.IN_REVIEW, language__in=roles.working_languages(user))
        .exclude(translated_by=user)
        .select_related("statement", "translated_by")
        .order_by(
            Case(When(statement__priority=Priority.URGENT, then=Value(0)), default=Value(1)),
            F("statement__deadline").asc(nulls_last=True),
            "state_changed_at",
        )
    )


def may_open(user: AbstractBaseUser, variant: Variant) -> bool:
    """Whether the desk shows this version to the user at all.

    Editors see every language; translators and reviewers only the languages they work
    in. Anyone else gets a 404, as if the version did not exist.
    """
    held = roles.role_names(user)
    if Role.EDITOR in held:
        return True
    if not held & {Role.TRANSLATOR, Role.REVIEWER}:
        return False
    return roles.works_in(user, variant.language)


def openable_filter(user: AbstractBaseUser, path: str = "") -> Q:
    """``may_open`` as a filter on the versions reached through ``path`` (for the admin).

    The admin shows working text, so it must hide what the desk hides: editors (and
    superusers) see every language, translators and reviewers the languages they work in,
    authors the source of the statements they wrote (as the API lets them), anyone else
    nothing. Hidden versions are missing from lists, and their pages answer as for a
    version that does not exist.
    """
    held = roles.role_names(user)
    if Role.EDITOR in held:
        return Q()
    found = Q(pk__in=[])
    if held & {Role.TRANSLATOR, Role.REVIEWER}:
        found |= Q(**{f"{path}language__in": roles.working_languages(user)})
    if Role.AUTHOR in held:
        found |= Q(
            **{
                f"{path}statement__created_by": user,
                f"{path}language": F(f"{path}statement__source_language"),
            }
        )
    return found


def openable_variant(
    user: AbstractBaseUser, pk: int, *, own_source: bool = False
) -> Variant | None:
    """The version if ``may_open`` lets the user see it, else None (callers answer 404).

    With ``own_source``, an author may also open the source version of a statement they
    wrote (the API lets them edit it; the desk's pages do not show it).
    """
    variant = Variant.objects.select_related("statement", "assignee").filter(pk=pk).first()
    if variant is None or may_open(user, variant):
        return variant
    if (
        own_source
        and variant.is_source
        and variant.statement.created_by_id == user.pk
        and roles.has_role(user, Role.AUTHOR)
    ):
        return variant
    return None


def may_open_statement(user: AbstractBaseUser, statement: Statement) -> bool:
    """Whether the user may work on a statement's source: editors any, authors their own."""
    held = roles.role_names(user)
    if Role.EDITOR in held:
        return True
    return Role.AUTHOR in held and statement.created_by_id == user.pk


def openable_statement(user: AbstractBaseUser, pk: int) -> Statement | None:
    """The statement if ``may_open_statement`` lets the user work on it, else None (404)."""
    statement = Statement.objects.filter(pk=pk).first()
    if statement is None or not may_open_statement(user, statement):
        return None
    return statement


IN_FLIGHT = (
    State.PENDING,
    State.READY,
    State.IN_TRANSLATION,
    State.IN_REVIEW,
    State.CHANGES_REQUESTED,
    State.APPROVED,
    State.DRAFT,
    State.OUTDATED,
)


def statements_in_flight(
    *, language: str = "", state: str = "", priority: str = ""
) -> QuerySet[Statement]:
    """Statements with a language not yet published, for the editors' dashboard.

    Filters keep the statements that have a ``language`` version in ``state``.
    """
    found = Statement.objects.filter(withdrawn_at__isnull=True, variants__state__in=IN_FLIGHT)
    if language or state:
        wanted = Q()
        if language:
            wanted &= Q(variants__language=language)
        if state:
            wanted &= Q(variants__state=state)
        found = found.filter(pk__in=Statement.objects.filter(wanted).values("pk"))
    if priority:
        found = found.filter(priority=priority)
    source_title = Variant.objects.filter(
        statement=OuterRef("pk"), language=OuterRef("source_language")
    ).values("title")[:1]
    return (
        found.distinct()
        .annotate(desk_title=Subquery(source_title))
        .prefetch_related(Prefetch("variants", queryset=Variant.objects.select_related("assignee")))
        .order_by(
            Case(When(priority=Priority.URGENT, then=Value(0)), default=Value(1)),
            F("deadline").asc(nulls_last=True),
            "-created_at",
        )
    )


def statements_written_by(user: AbstractBaseUser) -> QuerySet[Statement]:
    """Statements the user wrote that are not withdrawn, newest first.

    Each carries its source version's title as ``desk_title`` and state as ``source_state``.
    """
    source = Variant.objects.filter(statement=OuterRef("pk"), language=OuterRef("source_language"))
    return (
        Statement.objects.filter(created_by=user, withdrawn_at__isnull=True)
        .annotate(
            desk_title=Subquery(source.values("title")[:1]),
            source_state=Subquery(source.values("state")[:1]),
        )
        .order_by("-created_at", "-pk")
    )
