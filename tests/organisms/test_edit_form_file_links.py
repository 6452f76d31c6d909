"""On the edit pages of an edition and of a signature, the current PDF is a link that downloads it
(through the permission-checked views), not a link to an address the portal does not serve."""

import re

from django.core.files.base import ContentFile
from django.urls import reverse

from tests.factories import PDF_BYTES, SignatureFactory


def current_file_link(html):
    """The href of the "current file" link that Django's file input shows."""
    match = re.search(r'<a href="([^"]+)">([^<]+)</a>', html.split('name="document"')[0][-600:])
    assert match, "no link to the current file next to the file input"
    return match.group(1), match.group(2)


def test_the_charter_edition_edit_page_links_to_the_stored_charter(client, administrator, edition):
    edition.document.save("charte-2025.pdf", ContentFile(PDF_BYTES))
    client.force_login(administrator)

    page = client.get(reverse("organisms:edition_edit", args=[edition.pk])).content.decode()

    href, label = current_file_link(page)
    assert href == reverse("organisms:edition_document", args=[edition.pk])
    assert label.endswith(".pdf") and "/" not in label
    download = client.get(href)
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_the_signature_edit_page_links_to_the_signed_charter(
    client, quality_officer, org_a, edition
):
    signature = SignatureFactory(organisation=org_a, edition=edition)
    signature.document.save("signee.pdf", ContentFile(PDF_BYTES))
    client.force_login(quality_officer)

    page = client.get(reverse("organisms:signature_edit", args=[signature.pk])).content.decode()

    href, label = current_file_link(page)
    assert href == reverse("organisms:signature_document", args=[signature.pk])
    assert "/media/" not in page
    download = client.get(href)
    assert b"".join(download.streaming_content) == PDF_BYTES
