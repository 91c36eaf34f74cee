"""API URLs (mounted under /api/): v1, and its OpenAPI schema and browsable docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from . import auth, desk, docs, public

app_name = "api"
v1 = [
    path("statements/", public.StatementList.as_view(), name="statements"),
    path("statements/<slug:slug>/", public.StatementDetail.as_view(), name="statement"),
    path("auth/token/", auth.TokenView.as_view(), name="token"),
    path("desk/statements/", desk.StatementCreate.as_view(), name="desk_statements"),
    path("desk/statements/<int:pk>/", desk.StatementDetail.as_view(), name="desk_statement"),
    path("desk/statements/<int:pk>/submit/", desk.StatementSubmit.as_view(), name="submit"),
    path("desk/statements/<int:pk>/revise/", desk.StatementRevise.as_view(), name="revise"),
    path(
        "desk/statements/<int:pk>/publish/",
        desk.StatementPublish.as_view(),
        name="publish_statement",
    ),
    path("desk/versions/claimable/", desk.ClaimableList.as_view(), name="claimable"),
    path("desk/versions/mine/", desk.MyWorkList.as_view(), name="mine"),
    path("desk/versions/to-review/", desk.ReviewList.as_view(), name="to_review"),
    path("desk/versions/<int:pk>/", desk.VersionDetail.as_view(), name="version"),
    path("desk/versions/<int:pk>/claim/", desk.Claim.as_view(), name="claim"),
    path("desk/versions/<int:pk>/release/", desk.Release.as_view(), name="release"),
    path("desk/versions/<int:pk>/submit/", desk.SubmitForReview.as_view(), name="submit_version"),
    path("desk/versions/<int:pk>/approve/", desk.Approve.as_view(), name="approve"),
    path(
        "desk/versions/<int:pk>/request-changes/",
        desk.RequestChanges.as_view(),
        name="request_changes",
    ),
    path("desk/versions/<int:pk>/publish/", desk.Publish.as_view(), name="publish"),
    path("desk/versions/<int:pk>/segments/", desk.SegmentList.as_view(), name="segments"),
    path("desk/segments/<int:pk>/", desk.SegmentDetail.as_view(), name="segment"),
]
urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs.RedocView.as_view(url_name="api:schema"), name="docs"),
]
