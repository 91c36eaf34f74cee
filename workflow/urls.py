"""Workspace URLs (mounted under /desk/)."""

from django.urls import path

from .views import (
    back_translation,
    dashboard,
    editor,
    engine_usage,
    history,
    my_work,
    po_files,
    review,
    statements,
)

app_name = "workspace"
urlpatterns = [
    path("", my_work.my_work, name="my_work"),
    path("versions/<int:pk>/claim/", my_work.claim, name="claim"),
    path("versions/<int:pk>/release/", my_work.release, name="release"),
    path("versions/<int:pk>/renew/", my_work.renew, name="renew"),
    path("versions/<int:pk>/", editor.edit, name="edit"),
    path("versions/<int:pk>/submit/", editor.submit, name="submit"),
    path("sentences/<int:pk>/save/", editor.save_segment, name="save_segment"),
    path("versions/<int:pk>/review/", review.review, name="review"),
    path(
        "versions/<int:pk>/back-translation/",
        back_translation.back_translate,
        name="back_translation",
    ),
    path("versions/<int:pk>/approve/", review.approve, name="approve"),
    path("versions/<int:pk>/request-changes/", review.request_changes, name="request_changes"),
    path("versions/<int:pk>/comments/", review.comment, name="comment"),
    path("versions/<int:pk>/po/", po_files.download, name="po_download"),
    path("versions/<int:pk>/po/upload/", po_files.upload, name="po_upload"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path(
        "dashboard/statements/<int:pk>/<str:code>/",
        dashboard.language_row,
        name="dashboard_row",
    ),
    path("machine-translation/", engine_usage.engine_usage_page, name="engine_usage"),
    path("versions/<int:pk>/assign/", dashboard.assign, name="assign"),
    path("versions/<int:pk>/publish/", dashboard.publish_variant, name="publish_variant"),
    path("statements/<int:pk>/publish/", dashboard.publish_statement, name="publish_statement"),
    path("statements/new/", statements.statement_new, name="statement_new"),
    path("statements/<int:pk>/", statements.statement_source, name="statement_source"),
    path("statements/<int:pk>/status/", statements.statement_status, name="statement_status"),
    path("statements/<int:pk>/send-now/", statements.statement_send_now, name="statement_send_now"),
    path("statements/<int:pk>/save/", statements.statement_save, name="statement_save"),
    path("statements/<int:pk>/details/", statements.statement_details, name="statement_details"),
    path("statements/<int:pk>/submit/", statements.statement_submit, name="statement_submit"),
    path("statements/<int:pk>/revise/", statements.statement_revise, name="statement_revise"),
    path("statements/<int:pk>/history/", history.history, name="history"),
    path("statements/<int:pk>/history/<str:lang>/rollback/", history.rollback, name="rollback"),
    path("revisions/<int:pk>/note/", history.change_note, name="change_note"),
]
