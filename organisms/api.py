"""API v1 for organisations, signatures and the public list of signatories."""

from copy import copy

import django_filters
from django.urls import URLPattern, URLResolver
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import AllowAny

from charter_portal import roles
from charter_portal.api import ScopedModelViewSet
from organisms import directory, services
from organisms.models import Departement, Organisation, Signature, SignatureStatus
from organisms.validators import validate_pdf

MEMBER_EDITABLE_FIELDS = [
    "public_description",
    "website",
    "contact_name",
    "contact_email",
    "contact_phone",
]


class CertificationsField(serializers.ListField):
    """The certifications as a list of "CODE Title" strings (stored one per line)."""

    child = serializers.CharField()

    def to_representation(self, value):
        return [line for line in (value or "").splitlines() if line.strip()]

    def to_internal_value(self, data):
        return "\n".join(super().to_internal_value(data))


class OrganisationSerializer(serializers.ModelSerializer):
    certifications = CertificationsField(required=False)
    signature_status = serializers.SerializerMethodField()

    class Meta:
        model = Organisation
        fields = [
            "id",
            "legal_name",
            "trade_name",
            "siret",
            "nda",
            "address",
            "postcode",
            "city",
            "departement",
            "website",
            "contact_name",
            "contact_email",
            "contact_phone",
            "qualiopi_certified",
            "qualiopi_date",
            "certifications",
            "public_description",
            "signature_status",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    @extend_schema_field(serializers.ChoiceField(choices=SignatureStatus.choices, allow_null=True))
    def get_signature_status(self, organisation):
        statuses = {signature.status() for signature in organisation.signatures.all()}
        for status in (
            SignatureStatus.ACTIVE,
            SignatureStatus.UPCOMING,
            SignatureStatus.WITHDRAWN,
            SignatureStatus.EXPIRED,
        ):
            if status in statuses:
                return status
        return None

    def validate(self, attrs):
        instance = copy(self.instance) if self.instance else Organisation()
        for key, value in attrs.items():
            setattr(instance, key, value)
        instance.clean()  # normalises and cross-checks; its errors name the field
        return {key: getattr(instance, key) for key in attrs}


class MemberOrganisationSerializer(OrganisationSerializer):
    """OF members read their organisation and change only its public profile and contacts."""

    class Meta(OrganisationSerializer.Meta):
        read_only_fields = [
            f for f in OrganisationSerializer.Meta.fields if f not in MEMBER_EDITABLE_FIELDS
        ]


class OrganisationFilter(django_filters.FilterSet):
    departement = django_filters.ChoiceFilter(choices=Departement.choices)
    siret = django_filters.CharFilter()

    class Meta:
        model = Organisation
        fields = ["departement", "siret", "qualiopi_certified"]


class OrganisationViewSet(ScopedModelViewSet):
    """Staff read all organisations and create or update them; an OF member reads their own
    and may update its public description, website and contacts."""

    queryset_base = Organisation.objects
    filterset_class = OrganisationFilter
    search_fields = ["legal_name", "trade_name", "city", "siret"]
    ordering_fields = ["legal_name", "city", "created_at"]
    staff_write_permission = "organisms.change_organisation"
    staff_create_permission = "organisms.add_organisation"
    of_member_actions = ("update", "partial_update")

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related("signatures__edition")
            .order_by("legal_name", "pk")
        )

    def get_serializer_class(self):
        if roles.is_staff_member(self.request.user) or getattr(self, "swagger_fake_view", False):
            return OrganisationSerializer
        return MemberOrganisationSerializer

    def perform_create(self, serializer):
        serializer.instance = services.save_organisation(
            Organisation(**serializer.validated_data), self.request.user
        )

    def perform_update(self, serializer):
        for key, value in serializer.validated_data.items():
            setattr(serializer.instance, key, value)
        services.save_organisation(serializer.instance, self.request.user)


class SignatureSerializer(serializers.ModelSerializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    status = serializers.SerializerMethodField()
    valid_until = serializers.DateField(source="edition.valid_until", read_only=True)
    document = serializers.FileField(required=False, validators=[validate_pdf], write_only=True)
    has_document = serializers.SerializerMethodField()

    class Meta:
        model = Signature
        fields = [
            "id",
            "organisation",
            "edition",
            "place",
            "signed_on",
            "of_signatory_name",
            "of_signatory_function",
            "tp_signatory_name",
            "tp_signatory_function",
            "document",
            "has_document",
            "status",
            "valid_until",
            "withdrawn_on",
        ]
        read_only_fields = ["withdrawn_on"]

    @extend_schema_field(serializers.ChoiceField(choices=SignatureStatus.choices))
    def get_status(self, signature):
        return signature.status()

    def get_has_document(self, signature) -> bool:
        return bool(signature.document)

    def validate(self, attrs):
        instance = copy(self.instance) if self.instance else Signature()
        for key, value in attrs.items():
            if key != "document":
                setattr(instance, key, value)
        instance.full_clean(exclude=["document"])  # dates, one signature per edition
        return attrs


class SignatureFilter(django_filters.FilterSet):
    organisation = django_filters.NumberFilter()
    edition = django_filters.NumberFilter()

    class Meta:
        model = Signature
        fields = ["organisation", "edition"]


class SignatureViewSet(ScopedModelViewSet):
    """Signatures of the charter: staff record them; OF members read their own."""

    queryset_base = Signature.objects
    serializer_class = SignatureSerializer
    filterset_class = SignatureFilter
    ordering_fields = ["signed_on"]
    staff_write_permission = "organisms.change_signature"
    staff_create_permission = "organisms.add_signature"

    def get_queryset(self):
        return super().get_queryset().select_related("edition").order_by("-signed_on", "pk")

    def perform_create(self, serializer):
        serializer.instance = services.save_signature(
            Signature(**serializer.validated_data), self.request.user
        )

    def perform_update(self, serializer):
        for key, value in serializer.validated_data.items():
            setattr(serializer.instance, key, value)
        services.save_signature(serializer.instance, self.request.user)


class PublicSignatorySerializer(serializers.Serializer):
    siret = serializers.CharField()
    nda = serializers.CharField()
    name = serializers.CharField()
    legal_name = serializers.CharField()
    city = serializers.CharField()
    postcode = serializers.CharField()
    departement = serializers.CharField()
    website = serializers.CharField()
    certifications = CertificationsField()
    signed_on = serializers.DateField()
    edition = serializers.CharField(source="edition_version")
    valid_until = serializers.DateField()


class PublicSignatoryViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The organisations that hold an active signature of the charter (anonymous, read-only)."""

    public = True
    authentication_classes = []
    permission_classes = [AllowAny]
    serializer_class = PublicSignatorySerializer
    lookup_field = "siret"
    filter_backends = []

    def get_queryset(self):
        return directory.search(
            directory.signatories(),
            self.request.query_params.get("q", ""),
            self.request.query_params.get("departement", ""),
        )


# (prefix, viewset, basename) under /api/v1/, registered by charter_portal/urls.py
ROUTES = [
    ("organisations", OrganisationViewSet, "organisation"),
    ("signatures", SignatureViewSet, "signature"),
    ("public/signatories", PublicSignatoryViewSet, "public-signatory"),
]
urlpatterns: list[URLPattern | URLResolver] = []
