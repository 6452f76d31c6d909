"""An operator creates accounts from the command line: `manage.py createuser`."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import User
from charter_portal import roles
from organisms.models import Membership


def run(*args, stdin: str | None = None, monkeypatch=None) -> list[str]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    out = io.StringIO()
    call_command("createuser", *args, stdout=out)
    return out.getvalue().splitlines()


def test_creates_an_of_member_and_prints_a_working_token_last(client, org_a, org_b):
    lines = run(
        "Nouvelle.Personne@Alpha.example.org",
        "--role",
        "of_member",
        "--organisation",
        org_a.siret,
        "--api-token",
    )

    user = User.objects.get(email="nouvelle.personne@alpha.example.org")
    assert list(Membership.objects.filter(user=user).values_list("organisation", flat=True)) == [
        org_a.pk
    ]
    assert lines[0] == "created nouvelle.personne@alpha.example.org (of_member)"
    token = lines[-1]
    response = client.get("/api/v1/organisations/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    assert [row["siret"] for row in response.json()["results"]] == [org_a.siret]


def test_the_siret_may_be_typed_with_spaces(org_a):
    spaced = " ".join([org_a.siret[:3], org_a.siret[3:6], org_a.siret[6:9], org_a.siret[9:]])
    run("espaces@alpha.example.org", "--role", "of_member", "--organisation", spaced)
    assert Membership.objects.get(user__email="espaces@alpha.example.org").organisation == org_a


def test_without_api_token_no_token_is_printed_nor_created(org_a):
    lines = run(
        "sans.jeton@alpha.example.org", "--role", "of_member", "--organisation", org_a.siret
    )
    assert lines == ["created sans.jeton@alpha.example.org (of_member)"]
    assert not User.objects.get(email="sans.jeton@alpha.example.org").has_usable_password()


def test_password_from_stdin_lets_the_user_log_in(client, org_a, monkeypatch):
    run(
        "lecture.stdin@alpha.example.org",
        "--role",
        "of_member",
        "--organisation",
        org_a.siret,
        "--password-stdin",
        stdin="Un-mot-de-passe-solide-42\n",
        monkeypatch=monkeypatch,
    )

    response = client.post(
        reverse("accounts:login"),
        {"username": "lecture.stdin@alpha.example.org", "password": "Un-mot-de-passe-solide-42"},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(
        User.objects.get(email="lecture.stdin@alpha.example.org").pk
    )


def test_an_empty_password_on_stdin_is_refused(org_a, monkeypatch):
    with pytest.raises(CommandError, match="empty password"):
        run(
            "vide@alpha.example.org",
            "--role",
            "of_member",
            "--organisation",
            org_a.siret,
            "--password-stdin",
            stdin="\n",
            monkeypatch=monkeypatch,
        )
    assert not User.objects.filter(email="vide@alpha.example.org").exists()


def test_running_again_updates_without_duplicating(client, org_a, org_b, monkeypatch):
    run("deux.fois@example.org", "--role", "of_member", "--organisation", org_a.siret)
    first_token = run(
        "deux.fois@example.org", "--role", "of_member", "--organisation", org_a.siret, "--api-token"
    )[-1]
    lines = run(
        "DEUX.FOIS@example.org",
        "--role",
        "of_member",
        "--organisation",
        org_b.siret,
        "--password-stdin",
        "--api-token",
        stdin="Nouveau-secret-2022\n",
        monkeypatch=monkeypatch,
    )

    assert lines[0] == "updated deux.fois@example.org (of_member)"
    assert User.objects.filter(email__iexact="deux.fois@example.org").count() == 1
    user = User.objects.get(email="deux.fois@example.org")
    assert set(Membership.objects.filter(user=user).values_list("organisation", flat=True)) == {
        org_a.pk,
        org_b.pk,
    }
    assert user.check_password("Nouveau-secret-2022")
    # a new token replaces the previous one
    assert (
        client.get("/api/v1/organisations/", HTTP_AUTHORIZATION=f"Token {first_token}").status_code
        == 401
    )
    response = client.get("/api/v1/organisations/", HTTP_AUTHORIZATION=f"Token {lines[-1]}")
    assert {row["siret"] for row in response.json()["results"]} == {org_a.siret, org_b.siret}


@pytest.mark.parametrize("role", list(roles.STAFF_ROLES))
def test_each_staff_role_puts_the_user_in_its_group(db, role):
    lines = run(f"{role}@transitionspro.example.org", "--role", role)

    user = User.objects.get(email=f"{role}@transitionspro.example.org")
    assert list(user.groups.values_list("name", flat=True)) == [role]
    assert roles.staff_roles(user) == [role]
    assert not Membership.objects.filter(user=user).exists()
    # only administrators get into the Django admin
    assert user.is_staff is (role == roles.ADMINISTRATOR)
    assert lines == [f"created {role}@transitionspro.example.org ({role})"]


def test_an_unknown_siret_is_refused_and_nothing_is_created(db):
    with pytest.raises(CommandError, match="no organisation with SIRET 73282932000074"):
        run("inconnu@example.org", "--role", "of_member", "--organisation", "73282932000074")
    assert not User.objects.filter(email="inconnu@example.org").exists()


def test_an_of_member_without_organisation_is_refused(db):
    with pytest.raises(CommandError, match="--organisation SIRET is required for --role of_member"):
        run("sans.organisme@example.org", "--role", "of_member")
    assert not User.objects.filter(email="sans.organisme@example.org").exists()


def test_an_unknown_role_is_refused(db):
    with pytest.raises(CommandError, match="invalid choice: 'chef'"):
        run("chef@example.org", "--role", "chef")
    assert not User.objects.filter(email="chef@example.org").exists()
