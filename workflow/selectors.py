"""Read-side queries of the workflow."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import (
    Case,
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from . import dispatch, permissions
from .choices import IN_FLIGHT, ChangeReason, Priority, State
from .models import RequestedChange, Segment, Statement, Variant


@dataclass(frozen=True)
class ChangeReasons:
    """Why a version was last sent back: about the whole of it, and sentence by sentence."""

    overall: list[str]  # reason labels
    sentences: list[tuple[Segment, str]]  # (sentence, reason label), in text order

    def __bool__(self) -> bool:
        return bool(self.overall or self.sentences)


def variants_claimable_for(user: AbstractBaseUser) -> QuerySet[Variant]:
    """Ready variants the user could claim, urgent and nearest deadline first.

    Claiming is a translator's move, in the languages they work in (the state table's
    Who.TRANSLATOR). An editor moves a ready version only by assigning it to a translator
    from the dashboard, and an author not at all: they have nothing to claim.
    """
    wanted = permissions.claimable_languages(user)
    if not wanted:
        return Variant.objects.none()
    return (
        Variant.objects.filter(state=State.READY, language__in=wanted)
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
    wanted = permissions.reviewable_languages(user)
    if not wanted:
        return Variant.objects.none()
    return (
        Variant.objects.filter(state=State.IN_REVIEW, language__in=wanted)
        .exclude(translated_by=user)
        .select_related("statement", "translated_by")
        .order_by(
            Case(When(statement__priority=Priority.URGENT, then=Value(0)), default=Value(1)),
            F("statement__deadline").asc(nulls_last=True),
            "state_changed_at",
        )
    )


def openable_variant(
    user: AbstractBaseUser, pk: int, *, own_source: bool = False
) -> Variant | None:
    """The version if ``permissions.may_open`` lets the user see it, else None (404).

    With ``own_source``, an author may also open the source version of a statement they
    wrote (the API lets them edit it; the desk's pages do not show it).
    """
    variant = Variant.objects.select_related("statement", "assignee").filter(pk=pk).first()
    if variant is None or permissions.may_open(user, variant):
        return variant
    if own_source and permissions.may_open_own_source(user, variant):
        return variant
    return None


def openable_statement(user: AbstractBaseUser, pk: int) -> Statement | None:
    """The statement if ``permissions.may_open_statement`` lets the user work on it, else
    None (callers answer 404)."""
    statement = Statement.objects.filter(pk=pk).first()
    if statement is None or not permissions.may_open_statement(user, statement):
        return None
    return statement


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
    return _for_dashboard(found.distinct()).order_by(
        Case(When(priority=Priority.URGENT, then=Value(0)), default=Value(1)),
        F("deadline").asc(nulls_last=True),
        "-created_at",
    )


def _for_dashboard(statements: QuerySet[Statement]) -> QuerySet[Statement]:
    """With what a dashboard card shows: the source's title, every version and its assignee."""
    source_title = Variant.objects.filter(
        statement=OuterRef("pk"), language=OuterRef("source_language")
    ).values("title")[:1]
    return statements.annotate(desk_title=Subquery(source_title)).prefetch_related(
        Prefetch("variants", queryset=Variant.objects.select_related("assignee"))
    )


def dashboard_statement(pk: int) -> Statement | None:
    """One statement as its dashboard card shows it (None: no such statement)."""
    return _for_dashboard(Statement.objects.filter(pk=pk)).first()


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


def publication_waiting(
    *, variant: Variant | None = None, statement: Statement | None = None
) -> bool:
    """Whether a publication asked for (of ``variant``, or of ``statement``'s approved
    versions) is recorded but not yet handed to the task queue, which is unreachable; it
    goes ahead once the queue is back."""
    if variant is not None:
        return dispatch.waiting("publish_variant_task", variant.pk)
    return statement is not None and dispatch.waiting("publish_statement_task", statement.pk)


def last_change_reasons(variant: Variant) -> ChangeReasons:
    """The reasons of the latest request for changes to ``variant`` (empty if none)."""
    latest = (
        RequestedChange.objects.filter(variant=variant)
        .order_by("-transition_id")
        .values_list("transition_id", flat=True)
        .first()
    )
    found = RequestedChange.objects.filter(transition_id=latest).select_related("segment")
    overall, sentences = [], []
    for item in found:
        label = ChangeReason(item.reason).label
        if item.segment is None:
            overall.append(label)
        else:
            sentences.append((item.segment, label))
    sentences.sort(key=lambda pair: pair[0].position)
    return ChangeReasons(overall=overall, sentences=sentences)


def change_reason_counts(statement_ids) -> dict[int, dict[str, list[tuple[str, int]]]]:
    """For each statement, per language code: (reason label, how often reviewers gave it
    when sending that version back), the commonest first. One query."""
    rows = (
        RequestedChange.objects.filter(variant__statement_id__in=list(statement_ids))
        .values("variant__statement_id", "variant__language", "reason")
        .annotate(n=Count("pk"))
        .order_by("variant__statement_id", "variant__language", "-n", "reason")
    )
    counts: dict[int, dict[str, list[tuple[str, int]]]] = {}
    for row in rows:
        per_language = counts.setdefault(row["variant__statement_id"], {})
        per_language.setdefault(row["variant__language"], []).append(
            (str(ChangeReason(row["reason"]).label), row["n"])
        )
    return counts
