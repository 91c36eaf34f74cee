"""PO download and upload for translators who work offline in Poedit."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from translations import po

from .. import po_exchange
from ..exceptions import WorkflowError
from .base import login_required, open_variant, refuse


@login_required
def download(request: HttpRequest, pk: int) -> HttpResponse:
    variant = open_variant(request, pk)
    data = po_exchange.variant_export_po(variant=variant, actor=request.user)
    response = HttpResponse(data, content_type="text/x-gettext-translation; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{po_exchange.filename_for(variant)}"'
    return response


@login_required
@require_POST
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    variant = open_variant(request, pk)
    to = reverse("workspace:edit", args=[variant.pk])
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a PO file to upload."))
        return HttpResponseRedirect(to)
    if upload.size > po.MAX_PO_BYTES:
        messages.error(
            request,
            _("The file is larger than %(mb)s MB; nothing was applied.")
            % {"mb": po.MAX_PO_BYTES // (1024 * 1024)},
        )
        return HttpResponseRedirect(to)
    data = upload.read(po.MAX_PO_BYTES + 1)
    try:
        result = po_exchange.variant_import_po(data=data, actor=request.user, variant=variant)
    except po_exchange.POImportError as exc:
        messages.error(request, _("Nothing was applied: the file has errors."))
        for error in exc.errors[:50]:
            messages.error(request, error)
        return HttpResponseRedirect(to)
    except WorkflowError as exc:
        return refuse(request, exc, to=to)
    messages.success(
        request,
        _("%(applied)s sentence(s) applied, %(unchanged)s unchanged, %(fuzzy)s still fuzzy.")
        % {"applied": result.applied, "unchanged": result.unchanged, "fuzzy": result.still_fuzzy},
    )
    return HttpResponseRedirect(to)
