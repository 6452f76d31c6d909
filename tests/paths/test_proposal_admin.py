"""Administrators keep the funding rules and the SMIC table up to date in the admin, where every
record of the paths app has its history."""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from paths.models import SmicRate


def test_every_paths_model_with_a_history_is_in_the_admin():
    from django.apps import apps

    models = [
        model
        for model in apps.get_app_config("paths").get_models()
        if hasattr(model, "history") and not model.__name__.startswith("Historical")
    ]
    assert models
    for model in models:
        assert model in admin.site._registry, model.__name__
        assert "history" in admin.site._registry[model].object_history_template


def test_an_administrator_adds_an_smic_value(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:paths_smicrate_add"),
        {"valid_from": "2027-01-01", "monthly_gross": "1850.00", "source": "Décret (exemple)"},
    )
    assert response.status_code == 302
    rate = SmicRate.objects.get(valid_from=datetime.date(2027, 1, 1))
    assert rate.source == "Décret (exemple)"
    assert rate.history.get().history_user == administrator


@pytest.mark.parametrize("name", ["fundingruleset", "smicrate", "pathproposal", "message"])
def test_administrators_open_the_changelists(client, administrator, name):
    client.force_login(administrator)
    assert client.get(reverse(f"admin:paths_{name}_changelist")).status_code == 200


def test_staff_without_the_admin_role_do_not(client, path_analyst):
    client.force_login(path_analyst)
    response = client.get(reverse("admin:paths_fundingruleset_changelist"))
    assert response.status_code == 302
