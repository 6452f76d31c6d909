import datetime

from django.core.files.base import ContentFile
from django.urls import reverse

from tests.factories import PDF_BYTES, CharterEditionFactory, ControlFactory, SignatureFactory
from tests.matrix import (
    ADMIN_WRITE,
    API_OWN_OR_STAFF,
    API_READ,
    OWN_ORGANISATION,
    PUBLIC,
    QO_WRITE,
    STAFF_READ,
    expect,
)

NEW_ORGANISATION = {
    "legal_name": "Gamma",
    "siret": "73282932000074",
    "nda": "44670000000",
    "address": "1 rue",
    "postcode": "67000",
    "city": "Strasbourg",
    "departement": "67",
}

ROWS = {
    "organisms:directory": ("get", lambda w: reverse("organisms:directory"), PUBLIC, None),
    "organisms:directory_detail": (
        "get",
        lambda w: reverse("organisms:directory_detail", args=[w["org_a"].siret]),
        PUBLIC,
        None,
    ),
    "organisms:directory_csv": ("get", lambda w: reverse("organisms:directory_csv"), PUBLIC, None),
    "organisms:directory_json": (
        "get",
        lambda w: reverse("organisms:directory_json"),
        PUBLIC,
        None,
    ),
    "organisms:edition_document": (
        "get",
        lambda w: reverse("organisms:edition_document", args=[w["edition"].pk]),
        PUBLIC,
        None,
    ),
    "organisms:my_organisation": (
        "get",
        lambda w: reverse("organisms:my_organisation"),
        expect(404, anonymous=302, member_a=302, member_b=302),
        None,
    ),
    "organisms:my_organisation_detail": (
        "get",
        lambda w: reverse("organisms:my_organisation_detail", args=[w["org_a"].pk]),
        OWN_ORGANISATION,
        None,
    ),
    "organisms:my_organisation_edit": (
        "get",
        lambda w: reverse("organisms:my_organisation_edit", args=[w["org_a"].pk]),
        OWN_ORGANISATION,
        None,
    ),
    "organisms:organisation_list": (
        "get",
        lambda w: reverse("organisms:organisation_list"),
        STAFF_READ,
        None,
    ),
    "organisms:organisation_create": (
        "get",
        lambda w: reverse("organisms:organisation_create"),
        QO_WRITE,
        None,
    ),
    "organisms:organisation_detail": (
        "get",
        lambda w: reverse("organisms:organisation_detail", args=[w["org_a"].pk]),
        STAFF_READ,
        None,
    ),
    "organisms:organisation_edit": (
        "get",
        lambda w: reverse("organisms:organisation_edit", args=[w["org_a"].pk]),
        QO_WRITE,
        None,
    ),
    "organisms:signature_create": (
        "get",
        lambda w: reverse("organisms:signature_create", args=[w["org_a"].pk]),
        QO_WRITE,
        None,
    ),
    "organisms:signature_edit": (
        "get",
        lambda w: reverse("organisms:signature_edit", args=[w["signature_a"].pk]),
        QO_WRITE,
        None,
    ),
    "organisms:signature_document": (
        "get",
        lambda w: reverse("organisms:signature_document", args=[w["signature_a"].pk]),
        expect(200, anonymous=404, member_b=404),
        None,
    ),
    "organisms:control_create": (
        "get",
        lambda w: reverse("organisms:control_create", args=[w["org_a"].pk]),
        QO_WRITE,
        None,
    ),
    "organisms:control_detail": (
        "get",
        lambda w: reverse("organisms:control_detail", args=[w["control_a"].pk]),
        QO_WRITE,
        None,
    ),
    "organisms:control_evidence": (
        "get",
        lambda w: reverse("organisms:control_evidence", args=[w["control_a"].pk]),
        QO_WRITE,
        None,
    ),
    "organisms:control_conclude": (
        "post",
        lambda w: reverse("organisms:control_conclude", args=[w["control_a"].pk]),
        expect(302, member_a=404, member_b=404, path_analyst=403, commission=403),
        {"outcome": "compliant", "findings": "Conforme."},
    ),
    "organisms:edition_list": (
        "get",
        lambda w: reverse("organisms:edition_list"),
        STAFF_READ,
        None,
    ),
    "organisms:edition_create": (
        "get",
        lambda w: reverse("organisms:edition_create"),
        ADMIN_WRITE,
        None,
    ),
    "organisms:edition_edit": (
        "get",
        lambda w: reverse("organisms:edition_edit", args=[w["edition"].pk]),
        ADMIN_WRITE,
        None,
    ),
    "api:schema": ("get", lambda w: reverse("api:schema"), PUBLIC, None),
    "api:docs": ("get", lambda w: reverse("api:docs"), PUBLIC, None),
    "api:organisation-list": ("get", lambda w: reverse("api:organisation-list"), API_READ, None),
    "api:organisation-detail": (
        "get",
        lambda w: reverse("api:organisation-detail", args=[w["org_a"].pk]),
        API_OWN_OR_STAFF,
        None,
    ),
    "api:signature-list": ("get", lambda w: reverse("api:signature-list"), API_READ, None),
    "api:signature-detail": (
        "get",
        lambda w: reverse("api:signature-detail", args=[w["signature_a"].pk]),
        API_OWN_OR_STAFF,
        None,
    ),
    "api:public-signatory-list": (
        "get",
        lambda w: reverse("api:public-signatory-list"),
        PUBLIC,
        None,
    ),
    "api:public-signatory-detail": (
        "get",
        lambda w: reverse("api:public-signatory-detail", args=[w["org_a"].siret]),
        PUBLIC,
        None,
    ),
}

API_WRITES = [
    (
        "patch",
        lambda w: reverse("api:organisation-detail", args=[w["org_a"].pk]),
        {"website": "https://a.example.org"},
        expect(
            403, anonymous=401, member_a=200, member_b=404, quality_officer=200, administrator=200
        ),
    ),
    (
        "post",
        lambda w: reverse("api:organisation-list"),
        NEW_ORGANISATION,
        expect(403, anonymous=401, quality_officer=201, administrator=201),
    ),
    (
        "patch",
        lambda w: reverse("api:signature-detail", args=[w["signature_a"].pk]),
        {"place": "Nancy"},
        expect(403, anonymous=401, quality_officer=200, administrator=200),
    ),
    ("post", lambda w: reverse("api:public-signatory-list"), {}, expect(405)),
]


def extend_world(world):
    edition = CharterEditionFactory(
        valid_from=datetime.date(2021, 1, 1), valid_until=datetime.date(2099, 12, 31)
    )
    edition.document.save("charte.pdf", ContentFile(PDF_BYTES))
    signature_a = SignatureFactory(
        organisation=world["org_a"], edition=edition, signed_on=datetime.date(2021, 9, 1)
    )
    signature_a.document.save("signature.pdf", ContentFile(PDF_BYTES))
    SignatureFactory(
        organisation=world["org_b"], edition=edition, signed_on=datetime.date(2021, 9, 2)
    )
    control_a = ControlFactory(
        organisation=world["org_a"], opened_by=world["users"]["quality_officer"], evidence_url=""
    )
    control_a.evidence_file.save("preuve.pdf", ContentFile(PDF_BYTES))
    world.update(edition=edition, signature_a=signature_a, control_a=control_a)
