"""The workflow API: each action calls the same service, with the same checks, as the desk."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from workflow import messages as words
from workflow import selectors, services
from workflow.exceptions import StaleEdit
from workflow.models import Segment, Statement, Variant

from .errors import PreconditionFailed, PreconditionRequired
from .schema import error_responses
from .serializers import (
    AcceptedSerializer,
    DeskStatementSerializer,
    DeskVariantPublishSerializer,
    DeskVariantSerializer,
    NoteSerializer,
    RequiredNoteSerializer,
    SegmentSerializer,
    SegmentWriteSerializer,
    StatementCreateSerializer,
    SubmitStatementSerializer,
    SubmitVersionSerializer,
    VariantTextSerializer,
)

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description='The ETag you read ("3"); the write is refused with 412 if it changed.',
)
QUEUED_VERSION = _("The %(language)s version is queued for publication.")
QUEUED_STATEMENT = _("%(n)s approved language version(s) queued for publication.")
_ETAG = re.compile(r'^\s*(?:W/)?"(\d{1,9})"\s*$')
T = TypeVar("T")


def _etag(version: int) -> str:
    return f'"{version}"'


def versioned_write(request: Request, sent: int | None, write: Callable[[int], T]) -> T:
    """Run ``write(version)`` with the version the client edited: If-Match, else ``sent``.

    A stale If-Match is 412 (as HTTP says); a stale ``version`` in the body stays the
    workflow's 409 with the current version; neither is 428.
    """
    header = request.headers.get("If-Match")
    if header is None:
        if sent is None:
            raise PreconditionRequired()
        return write(sent)
    match = _ETAG.match(header)
    if match is None:
        raise PreconditionFailed('If-Match must be an ETag this API gave out, such as "3".')
    try:
        return write(int(match.group(1)))
    except StaleEdit as exc:
        raise PreconditionFailed(str(exc)) from None


def open_variant(request: Request, pk: int, *, own_source: bool = False) -> Variant:
    """The version, or 404 for someone the desk would not show it to (as on the web)."""
    variant = selectors.openable_variant(request.user, pk, own_source=own_source)
    if variant is None:
        raise Http404("No such version.")
    return variant


def open_statement(request: Request, pk: int) -> Statement:
    """Editors see every statement; an author the ones they wrote."""
    statement = selectors.openable_statement(request.user, pk)
    if statement is None:
        raise Http404("No such statement.")
    return statement


def _statement_response(statement: Statement, http_status: int = 200) -> Response:
    statement = Statement.objects.prefetch_related("variants__assignee").get(pk=statement.pk)
    return Response(DeskStatementSerializer(statement).data, status=http_status)


def _variant_response(variant: Variant, http_status: int = 200) -> Response:
    variant = Variant.objects.select_related("statement", "assignee").get(pk=variant.pk)
    response = Response(DeskVariantSerializer(variant).data, status=http_status)
    response["ETag"] = _etag(variant.version)
    return response


# ---- statements -----------------------------------------------------------------------------


class StatementCreate(GenericAPIView):
    serializer_class = StatementCreateSerializer

    @extend_schema(
        request=StatementCreateSerializer,
        responses={201: DeskStatementSerializer, **error_responses(400, 401, 403)},
    )
    def post(self, request: Request) -> Response:
        """Write a new statement (authors and editors); its source version starts as a draft."""
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        statement = services.statement_create(author=request.user, **fields)
        return _statement_response(statement, status.HTTP_201_CREATED)


class StatementDetail(APIView):
    @extend_schema(responses={200: DeskStatementSerializer, **error_responses(401, 404)})
    def get(self, request: Request, pk: int) -> Response:
        """A statement on the desk with the state of every language version."""
        return _statement_response(open_statement(request, pk))


class StatementSubmit(GenericAPIView):
    serializer_class = SubmitStatementSerializer

    @extend_schema(
        request=SubmitStatementSerializer,
        responses={200: DeskStatementSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        """Send the source for translation: a version per target language, machine-translated."""
        statement = open_statement(request, pk)
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.statement_submit_for_translation(
            statement=statement, actor=request.user, targets=data.validated_data.get("targets")
        )
        return _statement_response(statement)


class StatementRevise(GenericAPIView):
    serializer_class = NoteSerializer

    @extend_schema(
        request=NoteSerializer,
        responses={200: DeskStatementSerializer, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        """Start a revision of a published statement: its source goes back to draft while
        readers keep the live text. Edit it (PATCH the source version), submit it, and
        publishing the revision sends every translation back for the changed sentences."""
        statement = open_statement(request, pk)
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.statement_revise(
            statement=statement, actor=request.user, note=data.validated_data["note"]
        )
        return _statement_response(statement)


class StatementPublish(APIView):
    @extend_schema(
        request=None,
        responses={202: AcceptedSerializer, **error_responses(401, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        """Publish every approved language (editors); the publication runs in the background."""
        statement = open_statement(request, pk)
        count = services.statement_request_publication(statement=statement, actor=request.user)
        if count and selectors.publication_waiting(statement=statement):
            # Recorded, not yet sent: the client is told so rather than "queued".
            detail = words.render(words.QUEUE_AWAY_STATEMENT, {"n": count})
        else:
            detail = words.render(QUEUED_STATEMENT, {"n": count})
        return Response({"detail": detail}, status=status.HTTP_202_ACCEPTED)


# ---- versions -------------------------------------------------------------------------------


@extend_schema(responses={200: DeskVariantSerializer(many=True), **error_responses(400, 401, 404)})
class ClaimableList(ListAPIView):
    """Versions ready to claim in the languages you work in, urgent first."""

    serializer_class = DeskVariantSerializer

    def get_queryset(self) -> QuerySet[Variant]:
        return selectors.variants_claimable_for(self.request.user).select_related("assignee")


@extend_schema(responses={200: DeskVariantSerializer(many=True), **error_responses(400, 401, 404)})
class MyWorkList(ListAPIView):
    """Versions you hold a claim on."""

    serializer_class = DeskVariantSerializer

    def get_queryset(self) -> QuerySet[Variant]:
        return selectors.claims_of(self.request.user).select_related("assignee")


@extend_schema(responses={200: DeskVariantSerializer(many=True), **error_responses(400, 401, 404)})
class ReviewList(ListAPIView):
    """Versions waiting for your review."""

    serializer_class = DeskVariantSerializer

    def get_queryset(self) -> QuerySet[Variant]:
        return selectors.awaiting_review_for(self.request.user).select_related("assignee")


class VersionDetail(GenericAPIView):
    serializer_class = VariantTextSerializer

    @extend_schema(responses={200: DeskVariantSerializer, **error_responses(401, 404)})
    def get(self, request: Request, pk: int) -> Response:
        """One language version: state, claim, progress and working text. ETag: its version."""
        return _variant_response(open_variant(request, pk, own_source=True))

    @extend_schema(
        parameters=[IF_MATCH],
        request=VariantTextSerializer,
        responses={
            200: DeskVariantSerializer,
            **error_responses(400, 401, 403, 404, 409, 412, 428),
        },
    )
    def patch(self, request: Request, pk: int) -> Response:
        """Edit the working text of a version (the source by its authors and editors)."""
        variant = open_variant(request, pk, own_source=True)
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        text = dict(data.validated_data)
        saved = versioned_write(
            request,
            text.pop("version", None),
            lambda version: services.variant_save_text(
                variant=variant, actor=request.user, expected_version=version, **text
            ),
        )
        return _variant_response(saved)


class _Action(GenericAPIView):
    """An action on one language version; the answer is the version as it now is."""

    # Open the version, validate the body, call ``service``: the body's fields are the
    # service's keyword arguments besides the version and the actor.

    serializer_class: type[serializers.Serializer] = serializers.Serializer
    ok_status = status.HTTP_200_OK
    service: Callable[..., object]

    def post(self, request: Request, pk: int) -> Response:
        variant = open_variant(request, pk)
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        type(self).service(variant=variant, actor=request.user, **data.validated_data)
        return _variant_response(variant, self.ok_status)


def _action(summary: str, request: type[serializers.Serializer] | None = None, ok: int = 200):
    return extend_schema(
        summary=summary,
        request=request,
        responses={ok: DeskVariantSerializer, **error_responses(400, 401, 403, 404, 409)},
    )


@_action("Claim a ready version in one of your languages.")
class Claim(_Action):
    service = staticmethod(services.variant_claim)


@_action("Give up your claim; the version goes back to the pool.", NoteSerializer)
class Release(_Action):
    serializer_class = NoteSerializer
    service = staticmethod(services.variant_release)


@_action("Submit your translation for review (QA errors block it).", SubmitVersionSerializer)
class SubmitForReview(_Action):
    serializer_class = SubmitVersionSerializer
    service = staticmethod(services.variant_submit_for_review)


@_action("Approve a version you did not translate (reviewers and editors).", NoteSerializer)
class Approve(_Action):
    serializer_class = NoteSerializer
    service = staticmethod(services.variant_approve)


@_action("Send a version back to its translator with a note.", RequiredNoteSerializer)
class RequestChanges(_Action):
    serializer_class = RequiredNoteSerializer
    service = staticmethod(services.variant_request_changes)


@extend_schema(
    summary="Publish an approved version (editors); it runs in the background.",
    request=None,
    responses={202: DeskVariantPublishSerializer, **error_responses(400, 401, 403, 404, 409)},
)
class Publish(_Action):
    """The version as it now is, and in detail whether its publication is queued or,
    the task queue being unreachable, recorded to go ahead once it is back."""

    def post(self, request: Request, pk: int) -> Response:
        variant = open_variant(request, pk)
        services.variant_request_publication(variant=variant, actor=request.user)
        language = words.language_name(variant.language)
        waiting = selectors.publication_waiting(variant=variant)
        template = words.QUEUE_AWAY_VERSION if waiting else QUEUED_VERSION
        variant = Variant.objects.select_related("statement", "assignee").get(pk=variant.pk)
        body = DeskVariantPublishSerializer(
            variant, context={"detail": words.render(template, {"language": language})}
        )
        response = Response(body.data, status=status.HTTP_202_ACCEPTED)
        response["ETag"] = _etag(variant.version)
        return response


# ---- segments -------------------------------------------------------------------------------


@extend_schema(responses={200: SegmentSerializer(many=True), **error_responses(400, 401, 404)})
class SegmentList(ListAPIView):
    """The sentences of a version in order, with their translations and QA flags."""

    serializer_class = SegmentSerializer

    def get_queryset(self) -> QuerySet[Segment]:
        variant = open_variant(self.request, self.kwargs["pk"])
        return variant.segments.order_by("position")


class SegmentDetail(GenericAPIView):
    serializer_class = SegmentWriteSerializer

    def _segment(self, request: Request, pk: int) -> Segment:
        segment = get_object_or_404(Segment, pk=pk)
        segment.variant = open_variant(request, segment.variant_id)
        return segment

    @extend_schema(responses={200: SegmentSerializer, **error_responses(401, 404)})
    def get(self, request: Request, pk: int) -> Response:
        """One sentence. ETag: its version."""
        return _segment_response(self._segment(request, pk))

    @extend_schema(
        parameters=[IF_MATCH],
        request=SegmentWriteSerializer,
        responses={200: SegmentSerializer, **error_responses(400, 401, 403, 404, 409, 412, 428)},
    )
    def patch(self, request: Request, pk: int) -> Response:
        """Save your translation of a sentence; refused if it changed since you read it."""
        segment = self._segment(request, pk)
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        saved = versioned_write(
            request,
            data.validated_data.get("version"),
            lambda version: services.segment_save(
                segment=segment,
                actor=request.user,
                text=data.validated_data["text"],
                expected_version=version,
            ),
        )
        return _segment_response(saved)


def _segment_response(segment: Segment) -> Response:
    response = Response(SegmentSerializer(segment).data)
    response["ETag"] = _etag(segment.version)
    return response
