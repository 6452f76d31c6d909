from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from organisms.models import (
    CharterEdition,
    CommunicationControl,
    Membership,
    Organisation,
    Signature,
)


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["legal_name", "siret", "city", "departement", "qualiopi_certified"]
    list_filter = ["departement", "qualiopi_certified"]
    search_fields = ["legal_name", "trade_name", "siret", "city"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organisation", "role"]
    autocomplete_fields = ["organisation"]
    search_fields = ["user__email", "organisation__legal_name"]


@admin.register(CharterEdition)
class CharterEditionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "version", "valid_from", "valid_until"]


@admin.register(Signature)
class SignatureAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "edition", "signed_on", "place", "withdrawn_on"]
    list_filter = ["edition"]
    search_fields = ["organisation__legal_name", "organisation__siret"]
    readonly_fields = ["withdrawn_on", "withdrawn_by_control"]


@admin.register(CommunicationControl)
class CommunicationControlAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "opened_on", "medium", "outcome", "decided_on"]
    list_filter = ["outcome", "medium"]
    # a breach is concluded through the portal's screen, which withdraws the signature in one go
    readonly_fields = ["outcome", "decided_on", "decided_by"]
