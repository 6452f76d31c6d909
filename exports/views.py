"""Pages: ask for an export, follow its progress, download it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.exceptions import ValidationError

from charter_portal.scoping import get_visible_or_404
from exports import services
from exports.models import Export, ExportKind


def _params(query: str) -> dict:
    """The query string of the page the person came from, as export parameters."""
    data = QueryDict(query or "")
    return {key: (values if len(values) > 1 else values[0]) for key, values in data.lists()}


@login_required
def export_list(request):
    exports = Export.objects.visible_to(request.user)[:50]
    return render(request, "exports/list.html", {"exports": exports})


@login_required
@require_POST
def export_create(request):
    kind = request.POST.get("kind", "")
    if kind not in ExportKind.values:
        raise Http404
    try:
        export = services.request_export(request.user, kind, _params(request.POST.get("query")))
    except ValidationError as error:
        details = error.detail if isinstance(error.detail, dict) else {"": error.detail}
        for field, problems in details.items():
            for problem in problems if isinstance(problems, list) else [problems]:
                messages.error(request, f"{field} : {problem}" if field else str(problem))
        return redirect("exports:export_list")
    messages.success(
        request,
        _(
            "Votre export est en préparation : vous recevrez un email avec le lien dès qu'il sera prêt."
        ),
    )
    return redirect("exports:export_detail", pk=export.pk)


@login_required
def export_detail(request, pk):
    export = get_visible_or_404(Export.objects, request.user, pk=pk)
    return render(request, "exports/detail.html", {"export": export})


@login_required
def export_download(request, pk):
    export = get_visible_or_404(Export.objects, request.user, pk=pk)
    if not services.may_download(export, request.user):
        raise Http404
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=export.filename,
        content_type=export.content_type or "application/octet-stream",
    )
