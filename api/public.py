"""The public read API: published statements only, the same selectors as the reader pages."""

from __future__ import annotations

from functools import cached_property

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.permissions import AllowAny

from publishing import selectors
from workflow.models import Statement

from .schema import error_responses
from .serializers import (
    LANGUAGE_CHOICES,
    PublicStatementDetailSerializer,
    PublicStatementSerializer,
)
from .throttling import PublicReadThrottle


class ListFilters(serializers.Serializer):
    language = serializers.ChoiceField(
        choices=LANGUAGE_CHOICES,
        required=False,
        help_text="Only statements published in this language, shown in it.",
    )
    topic = serializers.SlugField(required=False, help_text="A topic's slug.")
    issued_after = serializers.DateField(required=False, help_text="Issued on or after.")
    issued_before = serializers.DateField(required=False, help_text="Issued on or before.")

    def validate(self, attrs: dict) -> dict:
        after, before = attrs.get("issued_after"), attrs.get("issued_before")
        if after and before and after > before:
            raise serializers.ValidationError("issued_after is later than issued_before.")
        return attrs


class LanguageFilter(serializers.Serializer):
    language = serializers.ChoiceField(
        choices=LANGUAGE_CHOICES,
        required=False,
        help_text="Language for topic and signatory names (default: English).",
    )


class PublicMixin:
    # No session: public answers are the same for everyone, need no CSRF, and are cacheable.
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicReadThrottle]
    filters_class: type[serializers.Serializer] = LanguageFilter

    @cached_property
    def filters(self) -> dict:
        """The validated query string (400 on a bad value); read by the queryset and context."""
        # Form-style parsing would read "?topic=" as no filter at all; say it is empty instead.
        known = self.filters_class().fields
        blank = {
            name: ["This filter is empty."]
            for name, value in self.request.query_params.items()
            if value == "" and name in known
        }
        if blank:
            raise serializers.ValidationError(blank)
        found = self.filters_class(data=self.request.query_params)
        found.is_valid(raise_exception=True)
        return found.validated_data

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "language": self.filters.get("language")}


@extend_schema(
    parameters=[ListFilters],
    responses={200: PublicStatementSerializer(many=True), **error_responses(400, 404, 429)},
)
class StatementList(PublicMixin, ListAPIView):
    """Published statements, newest first."""

    serializer_class = PublicStatementSerializer
    filters_class = ListFilters

    def get_queryset(self) -> QuerySet[Statement]:
        wanted = self.filters
        if wanted.get("language"):
            statements = selectors.newest_first(selectors.published_in(wanted["language"]))
        else:
            statements = selectors.listing()
        if "topic" in wanted:
            statements = statements.filter(topics__slug=wanted["topic"])
        if "issued_after" in wanted:
            statements = statements.filter(issued_on__gte=wanted["issued_after"])
        if "issued_before" in wanted:
            statements = statements.filter(issued_on__lte=wanted["issued_before"])
        return statements.prefetch_related("topics")


@extend_schema(
    parameters=[LanguageFilter],
    responses={200: PublicStatementDetailSerializer, **error_responses(400, 404, 429)},
)
class StatementDetail(PublicMixin, RetrieveAPIView):
    """One published statement with every language it is published in."""

    serializer_class = PublicStatementDetailSerializer
    lookup_field = "slug"

    def get_object(self) -> Statement:
        statement = selectors.statement_for_reader(self.kwargs["slug"])
        if statement is None:
            raise Http404("No such statement.")
        return statement
