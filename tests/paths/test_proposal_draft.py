"""An OF member files a proposal: saved as a draft with its levers, modules and documents in one
go, sent when complete; bad input is shown next to its field and nothing is half-saved."""

import html

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from paths import services
from paths.models import (
    Lever,
    PathModule,
    PathProposal,
    ProposalAttachment,
    ProposalStatus,
    ReferenceSequence,
)
from tests.dom import error_of, facts, messages, parse, texts
from tests.factories import (
    PDF_BYTES,
    MembershipFactory,
    OrganisationFactory,
    complete_draft,
    ensure_signed,
)


def form_data(**overrides):
    data = {
        "trainee_reference": "STG-042",
        "target_job": "Soudeur assembleur",
        "certification_code": "RNCP35625",
        "certification_title": "Soudeur assembleur industriel",
        "competence_blocks": "",
        "start_date": "2022-09-05",
        "end_date": "2023-03-31",
        "schedule": "full_time",
        "centre_hours_in_person": "420",
        "centre_hours_distance": "140",
        "company_hours": "175",
        "company_hours_required": "0",
        "pedagogic_cost_ht": "14800",
        "standard_hours": "910",
        "standard_cost_ht": "19600",
        "reference_monthly_salary": "",
        "concerted_on": "2022-03-01",
        "concerted_with": "Analyste parcours en région",
        "levers-lever_modularisation": "on",
        "levers-explanation_modularisation": "Deux modules dispensés au vu du positionnement.",
        "levers-explanation_hybrid": "Un tiers des heures en classe virtuelle.",
        "modules-TOTAL_FORMS": "3",
        "modules-INITIAL_FORMS": "0",
        "modules-MIN_NUM_FORMS": "0",
        "modules-MAX_NUM_FORMS": "1000",
        "modules-0-name": "Soudage semi-automatique",
        "modules-0-hours": "280",
        "modules-0-modality": "in_person",
        "modules-0-cost_ht": "8400",
        "modules-1-name": "Sécurité et préparation",
        "modules-1-hours": "140",
        "modules-1-modality": "distance",
        "modules-1-cost_ht": "2600",
        "modules-2-name": "",
        "modules-2-hours": "",
        "modules-2-modality": "",
        "modules-2-cost_ht": "0",
        "attachments-programme": SimpleUploadedFile(
            "programme.pdf", PDF_BYTES, content_type="application/pdf"
        ),
        "save": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _page(response):
    return html.unescape(response.content.decode())


def test_an_of_member_saves_a_draft_with_levers_modules_and_programme(client, member_a, org_a):
    client.force_login(member_a)
    response = client.post(reverse("paths:proposal_create"), form_data(), follow=True)

    proposal = PathProposal.objects.get()
    assert proposal.organisation == org_a
    assert proposal.status == ProposalStatus.DRAFT
    assert proposal.created_by == member_a
    assert proposal.concerted_with == "Analyste parcours en région"
    # an explained lever counts even when its box was left unticked
    assert {(lever.code, lever.explanation) for lever in proposal.levers.all()} == {
        ("modularisation", "Deux modules dispensés au vu du positionnement."),
        ("hybrid", "Un tiers des heures en classe virtuelle."),
    }
    assert [(m.position, m.name, m.modality) for m in proposal.modules.all()] == [
        (1, "Soudage semi-automatique", "in_person"),
        (2, "Sécurité et préparation", "distance"),
    ]
    assert proposal.attachments.get().kind == "programme"
    assert proposal.history.get().history_user == member_a
    assert messages(response) == ["Brouillon enregistré."]
    assert texts(response, "//main//h1")[0].startswith(f"Proposition {proposal.reference} ")
    shown = facts(response)
    assert shown["Hybridation"] == "Un tiers des heures en classe virtuelle."
    # the individualisation shows as a difference from the standard path (560 + 175 − 910)
    assert "Écart : -175 h" in shown["Parcours standard"]


def test_save_and_send_submits_a_complete_proposal(client, member_a, org_a):
    ensure_signed(org_a)
    client.force_login(member_a)
    data = form_data(save=None, send="")
    response = client.post(reverse("paths:proposal_create"), data, follow=True)
    proposal = PathProposal.objects.get()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.submitted_at is not None
    assert "Proposition transmise à Transitions Pro" in _page(response)


def test_save_and_send_keeps_an_incomplete_draft_and_says_what_is_missing(client, member_a, org_a):
    ensure_signed(org_a)
    client.force_login(member_a)
    data = form_data(save=None, send="", **{"attachments-programme": None})
    response = client.post(reverse("paths:proposal_create"), data, follow=True)
    proposal = PathProposal.objects.get()
    assert proposal.status == ProposalStatus.DRAFT
    page = _page(response)
    assert "Proposition enregistrée, mais elle ne peut pas encore être transmise." in page
    assert "Il manque le programme de formation (PDF)." in page
    # back on the form, the missing item next to the documents
    assert response.redirect_chain[-1][0] == (
        reverse("paths:proposal_edit", args=[proposal.pk]) + "?envoi=1"
    )
    assert "il reste 1 point à compléter" in page


@pytest.mark.parametrize(
    ("change", "error_id", "words"),
    [
        (
            {"trainee_reference": "1 85 05 78 006 084 36"},
            "id_trainee_reference_error",
            "ressemble à un numéro de sécurité sociale",
        ),
        ({"trainee_reference": "185057800608436"}, "id_trainee_reference_error", "sécurité"),
        ({"modules-1-hours": "-5"}, "id_modules-1-hours_error", "ne peut pas être négative"),
        ({"modules-0-modality": "teleportation"}, "id_modules-0-modality_error", "teleportation"),
        ({"end_date": "2022-01-01"}, "id_end_date_error", "La fin prévue doit suivre le début"),
        ({"certification_code": "CQP12"}, "id_certification_code_error", "CQP12"),
        ({"concerted_with": ""}, "id_concerted_with_error", "avec qui"),
        ({"concerted_on": "2099-01-01"}, "id_concerted_on_error", "ne peut pas être future"),
        ({"levers-lever_digital": "on"}, "id_levers-explanation_digital_error", "Expliquez"),
        (
            {
                "attachments-programme": SimpleUploadedFile(
                    "programme.pdf", b"PK\x03\x04 not a pdf", content_type="application/pdf"
                )
            },
            "id_attachments-programme_error",
            "son contenu n'est pas celui d'un PDF",
        ),
    ],
)
def test_bad_input_is_shown_next_to_its_field_and_nothing_is_saved(
    client, member_a, change, error_id, words
):
    client.force_login(member_a)
    response = client.post(reverse("paths:proposal_create"), form_data(**change))
    assert response.status_code == 400
    page = _page(response)
    error = page.split(f'id="{error_id}">')[1].split("</p>")[0]
    assert words in error
    assert not PathProposal.objects.exists()
    assert not Lever.objects.exists()
    assert not PathModule.objects.exists()
    assert not ProposalAttachment.objects.exists()


def test_a_failing_module_saves_nothing(member_a, org_a):
    proposal = PathProposal(
        organisation=org_a,
        trainee_reference="STG-1",
        target_job="Soudeur",
        certification_code="RNCP35625",
        certification_title="Soudeur assembleur industriel",
        start_date="2022-09-05",
        end_date="2023-03-31",
        schedule="full_time",
    )
    with pytest.raises(ValidationError) as refused:
        services.save_proposal(
            proposal,
            member_a,
            levers=[{"code": "hybrid", "explanation": "Un tiers à distance."}],
            modules=[
                {"name": "Soudage", "hours": 280, "modality": "in_person", "cost_ht": 8400},
                {"name": "Sécurité", "hours": -5, "modality": "distance", "cost_ht": 100},
            ],
        )
    assert refused.value.message_dict == {
        "modules": ["Module n° 2, heures : La valeur ne peut pas être négative."]
    }
    assert not PathProposal.objects.exists()
    assert not Lever.objects.exists()
    assert not PathModule.objects.exists()
    assert not ReferenceSequence.objects.exists()  # no number was used up


def test_a_lever_twice_or_unknown_is_refused(member_a, org_a):
    proposal = complete_draft(org_a)
    with pytest.raises(ValidationError) as refused:
        services.save_proposal(
            proposal,
            member_a,
            levers=[
                {"code": "hybrid", "explanation": "A"},
                {"code": "hybrid", "explanation": "B"},
                {"code": "telepathy", "explanation": "C"},
            ],
        )
    assert refused.value.message_dict["levers"] == [
        "Le levier « Hybridation » figure deux fois.",
        "« telepathy » n'est pas un levier connu.",
    ]
    assert [lever.code for lever in proposal.levers.all()] == ["modularisation"]


def test_only_a_member_of_the_organisation_saves_its_proposal(member_b, org_a, path_analyst):
    proposal = complete_draft(org_a)
    for user in (member_b, path_analyst):
        with pytest.raises(PermissionDenied):
            services.save_proposal(proposal, user, levers=[])


def test_a_member_of_two_organisations_chooses_one(client, member_a, org_a, org_b):
    MembershipFactory(user=member_a, organisation=org_b)
    client.force_login(member_a)
    url = reverse("paths:proposal_create")
    assert 'id="id_organisation"' in client.get(url).content.decode()

    missing = client.post(url, form_data())
    assert error_of(missing, "organisation") == "Ce champ est obligatoire."
    client.post(url, form_data(organisation=str(org_b.pk)))
    assert PathProposal.objects.get().organisation == org_b


def test_a_member_cannot_file_for_an_organisation_they_do_not_belong_to(
    client, member_a, org_a, org_b
):
    MembershipFactory(user=member_a, organisation=OrganisationFactory())
    client.force_login(member_a)
    response = client.post(reverse("paths:proposal_create"), form_data(organisation=org_b.pk))
    assert response.status_code == 400
    assert error_of(response, "organisation").startswith("Sélectionnez un choix valide")
    assert not PathProposal.objects.exists()


def test_editing_a_draft_replaces_its_levers_and_modules(client, member_a, org_a):
    proposal = complete_draft(org_a)
    client.force_login(member_a)
    url = reverse("paths:proposal_edit", args=[proposal.pk])
    form = client.get(url)
    assert "Lecture de plans" in parse(form).xpath("//main//form//input/@value")
    data = form_data(
        **{
            "levers-lever_modularisation": None,
            "levers-explanation_modularisation": "",
            "modules-INITIAL_FORMS": "1",
            "modules-0-name": "Lecture de plans",
            "modules-0-hours": "70",
            "modules-0-modality": "in_person",
            "modules-0-cost_ht": "1400",
            "modules-0-DELETE": "on",
            "attachments-programme": None,
        }
    )
    client.post(url, data)
    proposal.refresh_from_db()
    assert [lever.code for lever in proposal.levers.all()] == ["hybrid"]
    assert [m.name for m in proposal.modules.all()] == ["Sécurité et préparation"]
    assert proposal.reference.startswith("PP-")
    assert Lever.history.filter(history_type="-").get().history_user == member_a


@pytest.mark.parametrize(
    "status",
    [s for s in ProposalStatus.values if s not in ("draft", "feedback_given")],
)
def test_a_sent_proposal_can_no_longer_be_edited(client, member_a, org_a, status):
    proposal = complete_draft(org_a, status=status)
    client.force_login(member_a)
    response = client.post(
        reverse("paths:proposal_edit", args=[proposal.pk]), form_data(), follow=True
    )
    assert "ne peut plus être modifiée" in _page(response)
    proposal.refresh_from_db()
    assert proposal.trainee_reference != "STG-042"
    with pytest.raises(ValidationError):
        services.save_proposal(proposal, member_a, levers=[])


def test_the_of_revises_after_feedback_then_sends_the_revised_version(client, member_a, org_a):
    proposal = complete_draft(org_a, status=ProposalStatus.FEEDBACK_GIVEN)
    client.force_login(member_a)
    url = reverse("paths:proposal_edit", args=[proposal.pk])
    assert "Enregistrer et transmettre la version révisée" in _page(client.get(url))
    client.post(url, form_data(**{"attachments-programme": None}))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.FEEDBACK_GIVEN
    assert proposal.trainee_reference == "STG-042"
    response = client.post(
        url, form_data(save=None, send="", **{"attachments-programme": None}), follow=True
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REVISED
    assert "Version révisée transmise à Transitions Pro." in _page(response)


def test_neighbours_and_staff_do_not_reach_the_form(client, member_b, path_analyst, org_a):
    proposal = complete_draft(org_a)
    for user in (member_b, path_analyst):
        client.force_login(user)
        assert client.get(reverse("paths:proposal_edit", args=[proposal.pk])).status_code == 404
    assert client.get(reverse("paths:proposal_create")).status_code == 404  # staff file nothing
