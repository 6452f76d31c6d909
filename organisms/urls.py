from django.urls import path

from organisms.views import files, member, public, staff

app_name = "organisms"

urlpatterns = [
    # public directory (C14) and its open data
    path("annuaire/", public.directory_list, name="directory"),
    path("annuaire/<str:siret>/", public.directory_detail, name="directory_detail"),
    path("annuaire.csv", public.directory_csv, name="directory_csv"),
    path("annuaire.json", public.directory_json, name="directory_json"),
    path("charte/<int:pk>/document/", files.edition_document, name="edition_document"),
    # OF members
    path("mon-organisme/", member.my_organisation, name="my_organisation"),
    path("mon-organisme/<int:pk>/", member.my_organisation_detail, name="my_organisation_detail"),
    path(
        "mon-organisme/<int:pk>/modifier/", member.my_organisation_edit, name="my_organisation_edit"
    ),
    # staff back office
    path("organismes/", staff.organisation_list, name="organisation_list"),
    path("organismes/nouveau/", staff.organisation_create, name="organisation_create"),
    path("organismes/<int:pk>/", staff.organisation_detail, name="organisation_detail"),
    path("organismes/<int:pk>/modifier/", staff.organisation_edit, name="organisation_edit"),
    path(
        "organismes/<int:pk>/signatures/nouvelle/", staff.signature_create, name="signature_create"
    ),
    path("organismes/<int:pk>/controles/nouveau/", staff.control_create, name="control_create"),
    path("signatures/<int:pk>/modifier/", staff.signature_edit, name="signature_edit"),
    path("signatures/<int:pk>/document/", files.signature_document, name="signature_document"),
    path("controles/<int:pk>/", staff.control_detail, name="control_detail"),
    path("controles/<int:pk>/conclure/", staff.control_conclude, name="control_conclude"),
    path("controles/<int:pk>/preuve/", files.control_evidence, name="control_evidence"),
    path("chartes/", staff.edition_list, name="edition_list"),
    path("chartes/nouvelle/", staff.edition_create, name="edition_create"),
    path("chartes/<int:pk>/modifier/", staff.edition_edit, name="edition_edit"),
]
