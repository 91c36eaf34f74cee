"""The workflow API: each action calls the same service, with the same checks, as the desk."""

from __future__ import annotations

import re

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from workflow import roles, selectors, services
from workflow.choices import Role
from workflow.exceptions import StaleEdit
from workflow.models import Segment, Statement, Variant
from workflow.segments import segment_save

from .errors import PreconditionFailed, PreconditionRequired
from .schema import error_responses
from .serializers import (
    AcceptedSerializer,
    DeskStatementSerializer,
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
_ETAG = re.compile(r'^\s*(?:W/)?"(\d{1,9})"\s*$')


def _etag(version: int) -> str:
    return f'"{version}"'


def expected_version(request: Request, sent: int | None) -> tuple[int, bool]:
    """The version the client edited, from If-Match or the body; (version, from_header)."""
    header = request.headers.get("If-Match")
    if header is not None:
        match = _ETAG.match(header)
        if match is None:
            raise PreconditionFailed('If-Match must be an ETag this API gave out, such as "3".')
        return int(match.group(1)), True
    if sent is None:
        raise PreconditionRequired()
    return sent, False


def open_variant(request: Request, pk: int, *, authors_source: bool = False) -> Variant:
    """The version, or 404 for someone the desk would not show it to (as on the web).

    With ``authors_source`` the author of a statement may also open its source version.
    """
    variant = get_object_or_404(Variant.objects.select_related("statement", "assignee"), pk=pk)
    if selectors.may_open(request.user, variant):
        return variant
    if (
        authors_source
        and variant.is_source
        and variant.statement.created_by_id == request.user.pk
        and roles.has_role(request.user, Role.AUTHOR)
    ):
        return variant
    raise Http404("No such version.")


def open_statement(request: Request, pk: int) -> Statement:
    """Editors see every statement; an author the ones they wrote."""
    statement = get_object_or_404(Statement, pk=pk)
    user = request.user
    if roles.has_role(user, Role.EDITOR):
        return statement
    if roles.has_role(user, Role.AUTHOR) and statement.created_by_id == user.pk:
        return statement
    raise Http404("No such statement.")


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


class StatementPublish(APIView):
    @extend_schema(
        request=None,
        responses={202: AcceptedSerializer, **error_responses(401, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        """Publish every approved language (editors); the publication runs in the background."""
        statement = open_statement(request, pk)
        count = services.statement_request_publication(statement=statement, actor=request.user)
        return Response(
            {"detail": f"{count} approved language version(s) queued for publication."},
            status=status.HTTP_202_ACCEPTED,
        )


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
        return _variant_response(open_variant(request, pk, authors_source=True))

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
        variant = open_variant(request, pk, authors_source=True)
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        text = dict(data.validated_data)
        version, from_header = expected_version(request, text.pop("version", None))
        try:
            saved = services.variant_save_text(
                variant=variant, actor=request.user, expected_version=version, **text
            )
        except StaleEdit as exc:
            if from_header:
                raise PreconditionFailed(str(exc)) from None
            raise
        return _variant_response(saved)


class _Action(GenericAPIView):
    """POST /versions/{id}/<action>/: open the version, validate the body, call one service."""

    serializer_class = NoteSerializer
    ok_status = status.HTTP_200_OK

    def act(self, variant: Variant, actor, data: dict) -> Variant | None:
        raise NotImplementedError

    def post(self, request: Request, pk: int) -> Response:
        variant = open_variant(request, pk)
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        self.act(variant, request.user, dict(data.validated_data))
        return _variant_response(variant, self.ok_status)


def _action_schema(summary: str, request=NoteSerializer, ok: int = 200):
    return extend_schema(
        summary=summary,
        request=request,
        responses={ok: DeskVariantSerializer, **error_responses(400, 401, 403, 404, 409)},
    )


class Claim(_Action):
    @_action_schema("Claim a ready version in one of your languages.")
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)

    def act(self, variant, actor, data):
        return services.variant_claim(variant=variant, actor=actor)


class Release(_Action):
    @_action_schema("Give up your claim; the version goes back to the pool.")
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)

    def act(self, variant, actor, data):
        return services.variant_release(variant=variant, actor=actor, note=data["note"])


class SubmitForReview(_Action):
    serializer_class = SubmitVersionSerializer

    @_action_schema(
        "Submit your translation for review (QA errors block it).", SubmitVersionSerializer
    )
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)

    def act(self, variant, actor, data):
        return services.variant_submit_for_review(
            variant=variant, actor=actor, note=data["note"], override=data["override"]
        )


class Approve(_Action):
    @_action_schema("Approve a version you did not translate (reviewers and editors).")
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)

    def act(self, variant, actor, data):
        return services.variant_approve(variant=variant, actor=actor, note=data["note"])


class RequestChanges(_Action):
    serializer_class = RequiredNoteSerializer

    @_action_schema("Send a version back to its translator with a note.", RequiredNoteSerializer)
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)

    def act(self, variant, actor, data):
        return services.variant_request_changes(variant=variant, actor=actor, note=data["note"])


class Publish(_Action):
    ok_status = status.HTTP_202_ACCEPTED

    @_action_schema("Publish an approved version (editors); it runs in the background.", ok=202)
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)

    def act(self, variant, actor, data):
        return services.variant_request_publication(variant=variant, actor=actor)


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
        segment = get_object_or_404(Segment.objects.select_related("variant"), pk=pk)
        open_variant(request, segment.variant_id)
        return segment

    @extend_schema(responses={200: SegmentSerializer, **error_responses(401, 404)})
    def get(self, request: Request, pk: int) -> Response:
        """One sentence. ETag: its version."""
        segment = self._segment(request, pk)
        response = Response(SegmentSerializer(segment).data)
        response["ETag"] = _etag(segment.version)
        return response

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
        version, from_header = expected_version(request, data.validated_data.get("version"))
        try:
            saved = segment_save(
                segment=segment,
                actor=request.user,
                text=data.validated_data["text"],
                expected_version=version,
            )
        except StaleEdit as exc:
            if from_header:
                raise PreconditionFailed(str(exc)) from None
            raise
        response = Response(SegmentSerializer(saved).data)
        response["ETag"] = _etag(saved.version)
        return response
