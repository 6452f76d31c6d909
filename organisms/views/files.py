"""Uploaded documents, served only to those who may see the record they belong to."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from charter_portal.files import serve_file
from charter_portal.scoping import get_visible_or_404, permission_required
from organisms.models import CharterEdition, CommunicationControl, Signature


def _serve(field, filename: str):
    return serve_file(field, filename=filename)


def edition_document(request, pk):
    """The charter itself is public."""
    edition = get_object_or_404(CharterEdition, pk=pk)
    return _serve(edition.document, f"charte-{edition.version}.pdf")


def signature_document(request, pk):
    if not request.user.is_authenticated:
        raise Http404
    signature = get_visible_or_404(
        Signature.objects.select_related("organisation", "edition"), request.user, pk=pk
    )
    return _serve(
        signature.document,
        f"charte-signee-{signature.organisation.siret}-{signature.edition.version}.pdf",
    )


@permission_required("organisms.view_communicationcontrol")
def control_evidence(request, pk):
    control = get_visible_or_404(CommunicationControl.objects, request.user, pk=pk)
    return _serve(control.evidence_file, f"controle-{control.pk}-preuve.pdf")
