"""Files attached to alerts, served only to those who may see the alert."""

from django.http import Http404

from alerts.models import AlertAttachment
from charter_portal.files import serve_file
from charter_portal.scoping import get_visible_or_404


def attachment(request, pk):
    if not request.user.is_authenticated:
        raise Http404
    item = get_visible_or_404(AlertAttachment.objects, request.user, pk=pk)
    # the type is the one sniffed from the content when uploaded, never the browser's claim
    return serve_file(
        item.file, filename=item.name, content_type=item.content_type, as_attachment=True
    )
