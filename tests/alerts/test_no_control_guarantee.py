"""C8: Transitions Pro never runs a control because of an alert. Nothing links an alert to a
control, nothing starts a control from an alert, and the alert forms say so."""

import importlib

import pytest
from django.apps import apps
from django.urls import get_resolver, reverse

from alerts import services
from organisms.forms import ControlForm
from organisms.models import CommunicationControl
from tests.dom import by_id, main_text, text
from tests.factories import AlertFactory, TraineeLinkFactory

ALERT_MODELS = list(apps.get_app_config("alerts").get_models())
NO_CONTROL_SENTENCE = "Une alerte n&#x27;entraîne jamais de contrôle de votre organisme"


def _related_models(model):
    return {
        field.related_model
        for field in model._meta.get_fields(include_hidden=True)
        if field.is_relation and field.related_model is not None
    }


@pytest.mark.parametrize("model", ALERT_MODELS, ids=lambda m: m.__name__)
def test_no_alert_model_has_a_field_towards_a_control(model):
    related = _related_models(model)
    assert CommunicationControl not in related
    assert not [m for m in related if "control" in m.__name__.lower()]
    assert not [f.name for f in model._meta.get_fields() if "control" in f.name.lower()]


def test_a_control_has_no_field_towards_an_alert():
    related = _related_models(CommunicationControl)
    assert not [m for m in related if m._meta.app_label == "alerts"]
    assert not [f.name for f in CommunicationControl._meta.get_fields() if "alert" in f.name]


def test_the_control_form_offers_no_alert_to_pick(client, org_a, quality_officer):
    alert = AlertFactory(organisation=org_a)
    assert not [name for name in ControlForm.base_fields if "alert" in name]
    client.force_login(quality_officer)
    page = client.get(reverse("organisms:control_create", args=[org_a.pk])).content.decode()
    assert alert.reference not in page
    assert 'name="alert' not in page
    # a crafted post naming the alert creates a control that knows nothing of it
    client.post(
        reverse("organisms:control_create", args=[org_a.pk]),
        {
            "opened_on": "2022-03-15",
            "medium": "web_page",
            "seen_description": "Page web.",
            "evidence_url": "https://of.example.org",
            "alert": alert.pk,
        },
    )
    control = CommunicationControl.objects.get()
    assert alert.reference not in str(control.__dict__)


def test_no_alert_page_or_endpoint_starts_a_control(client, api, org_a, member_a, quality_officer):
    alert = AlertFactory(organisation=org_a)
    client.force_login(quality_officer)
    page = client.get(reverse("alerts:alert_detail", args=[alert.pk])).content.decode()
    assert reverse("organisms:control_create", args=[org_a.pk]) not in page
    assert "Une alerte ne donne jamais lieu à un contrôle" in page

    api.force_authenticate(quality_officer)
    for suffix in ("control/", "controls/", "open-control/"):
        assert api.post(f"/api/v1/alerts/{alert.pk}/{suffix}").status_code == 404
    # the whole follow-up, with a payload that asks for a control, opens none
    api.post(f"/api/v1/alerts/{alert.pk}/acknowledge/", {"control": True}, format="json")
    api.post(f"/api/v1/alerts/{alert.pk}/follow-up/", {"open_control": True}, format="json")
    api.post(
        f"/api/v1/alerts/{alert.pk}/close/",
        {"outcome": "interrupted", "control": True},
        format="json",
    )
    api.force_authenticate(member_a)
    api.post(
        "/api/v1/alerts/",
        {"category": "other", "description": "x", "trainee_reference": "A", "control": True},
        format="json",
    )
    assert CommunicationControl.objects.count() == 0


def test_no_alerts_url_and_no_alerts_code_deals_with_controls():
    alerts_patterns = [
        str(pattern.pattern)
        for resolver in get_resolver().url_patterns
        if getattr(resolver, "namespace", None) == "alerts"
        for pattern in resolver.url_patterns
    ]
    assert alerts_patterns
    assert not [p for p in alerts_patterns if "control" in p]
    for name in (
        "alerts.services",
        "alerts.api",
        "alerts.forms",
        "alerts.views.member",
        "alerts.views.staff",
        "alerts.views.trainee",
    ):
        module = importlib.import_module(name)
        assert not hasattr(module, "CommunicationControl"), name
        assert "open_control" not in vars(module), name


def test_the_alert_form_says_an_alert_never_leads_to_a_control(client, member_a):
    client.force_login(member_a)
    response = client.get(reverse("alerts:my_alert_create"))
    assert NO_CONTROL_SENTENCE in response.content.decode()
    # the footer also names the « charte d'engagement »: the notice is the one that matters
    assert "s'y engage dans la charte d'engagement" in text(by_id(response, "no-control"))
    # users read the commitment in words, never its internal code
    assert "C8" not in main_text(client.get(reverse("alerts:my_alert_create")))


def test_the_trainee_form_says_it_never_leads_to_a_control(client, org_a):
    from alerts import links

    link = TraineeLinkFactory(proposal__organisation=org_a)
    page = client.get(reverse("alerts:trainee_alert", args=[links.make_token(link)]))
    text = page.content.decode()
    assert "Votre signalement n&#x27;entraînera jamais de contrôle" in text
    # what the trainee reads (not the page's signed link, whose random letters may spell C8)
    assert "C8" not in main_text(page)


def test_closing_an_alert_as_interrupted_changes_nothing_for_the_signature(
    signed_a, org_a, quality_officer
):
    alert = AlertFactory(organisation=org_a)
    services.acknowledge(alert.pk, quality_officer)
    services.close(alert.pk, "interrupted", quality_officer)
    signed_a.refresh_from_db()
    assert signed_a.withdrawn_on is None
    assert CommunicationControl.objects.count() == 0
