"""Who sees which rows, asked in one place (`charter_portal.querysets`).

Two organisations, A and B, each with a proposal, an alert, a public message and an internal note;
the people: a quality officer, a member of A, a member of A and B, a commission member, a
commission member who also belongs to A, a quality officer who also belongs to A, and anonymous.
"""

import ast
import inspect
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser

from charter_portal import roles
from charter_portal.querysets import OrganisationScopedQuerySet
from exports.models import Export, ExportKind
from organisms.models import CommunicationControl, Organisation
from paths.models import Message, PathProposal
from tests.factories import (
    AlertFactory,
    AlertMessageFactory,
    ControlFactory,
    MembershipFactory,
    MessageFactory,
    OrganisationFactory,
    PathProposalFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PROJECT_APPS = ["organisms", "paths", "alerts", "reports", "exports", "accounts", "charter_portal"]


@pytest.fixture
def world():
    org_a, org_b = OrganisationFactory(legal_name="A"), OrganisationFactory(legal_name="B")
    member_a = MembershipFactory(organisation=org_a).user
    member_ab = MembershipFactory(organisation=org_a).user
    MembershipFactory(organisation=org_b, user=member_ab)
    commission_a = UserFactory(role=roles.COMMISSION)
    MembershipFactory(organisation=org_a, user=commission_a)
    officer_a = UserFactory(role=roles.QUALITY_OFFICER)
    MembershipFactory(organisation=org_a, user=officer_a)
    officer = UserFactory(role=roles.QUALITY_OFFICER)
    rows = {}
    for org in (org_a, org_b):
        proposal = PathProposalFactory(organisation=org)
        alert = AlertFactory(organisation=org, proposal=proposal)
        rows[org.legal_name] = {
            "proposal": proposal,
            "alert": alert,
            "message": MessageFactory(proposal=proposal, author=officer),
            "note": MessageFactory(proposal=proposal, author=officer, internal=True),
            "alert_message": AlertMessageFactory(alert=alert, author=officer),
            "alert_note": AlertMessageFactory(alert=alert, author=officer, internal=True),
        }
    return {
        "A": org_a,
        "B": org_b,
        "rows": rows,
        "officer": officer,
        "officer_a": officer_a,
        "member_a": member_a,
        "member_ab": member_ab,
        "commission": UserFactory(role=roles.COMMISSION),
        "commission_a": commission_a,
        "anonymous": AnonymousUser(),
    }


def organisations_of(queryset, field="organisation__legal_name"):
    return sorted(queryset.values_list(field, flat=True))


# ------------------------------------------------------------------ rows this user may see


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("officer", ["A", "B"]),  # staff: every organisation's
        ("commission", ["A", "B"]),  # the commission reads proposals
        ("officer_a", ["A", "B"]),  # staff first: a membership does not narrow staff screens
        ("member_a", ["A"]),
        ("member_ab", ["A", "B"]),  # a member of two OFs sees both
        ("anonymous", []),
    ],
)
def test_visible_to_gives_staff_everything_and_a_member_their_organisations(world, who, expected):
    assert organisations_of(PathProposal.objects.visible_to(world[who])) == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("officer", []),  # staff without an organisation: no « own » rows at all
        ("officer_a", ["A"]),  # staff who also belong to A: A's, as a member sees them
        ("member_a", ["A"]),
        ("member_ab", ["A", "B"]),
        ("anonymous", []),
    ],
)
def test_of_own_organisations_gives_the_rows_of_the_users_organisations(world, who, expected):
    assert organisations_of(PathProposal.objects.of_own_organisations(world[who])) == expected
    assert (
        organisations_of(Organisation.objects.of_own_organisations(world[who]), "legal_name")
        == expected
    )


def test_organisations_reach_themselves_through_pk(world):
    assert organisations_of(Organisation.objects.visible_to(world["member_a"]), "legal_name") == [
        "A"
    ]
    assert organisations_of(Organisation.objects.visible_to(world["officer"]), "legal_name") == [
        "A",
        "B",
    ]


# ------------------------------------------------------------------ the per-role hook: alert data


@pytest.mark.parametrize(
    ("who", "visible", "own"),
    [
        ("officer", ["A", "B"], []),
        ("officer_a", ["A", "B"], ["A"]),
        ("member_a", ["A"], ["A"]),
        ("member_ab", ["A", "B"], ["A", "B"]),
        ("commission", [], []),  # C8: the commission sees no alert row
        ("commission_a", [], []),  # … even one who belongs to an OF: never, whatever the role
        ("anonymous", [], []),
    ],
)
def test_the_commission_sees_no_alert_row(world, who, visible, own):
    from alerts.models import Alert, AlertAttachment, AlertMessage, TraineeLink

    user = world[who]
    assert organisations_of(Alert.objects.visible_to(user)) == visible
    assert organisations_of(Alert.objects.of_own_organisations(user)) == own
    # every alert table asks the same hook (it sits on their shared base)
    sees_nothing = who in ("commission", "commission_a", "anonymous")
    for model in (Alert, AlertMessage, AlertAttachment, TraineeLink):
        assert model.objects.all().sees_nothing(user) is sees_nothing, model
    public = AlertMessage.objects.visible_to(user).filter(internal=False)
    assert organisations_of(public, "alert__organisation__legal_name") == visible


# ------------------------------------------------------------------ what members never see


def test_a_member_never_sees_internal_notes_even_of_their_own_organisation(world):
    bodies = {
        who: sorted(
            (m.proposal.organisation.legal_name, m.internal)
            for m in Message.objects.visible_to(world[who]).select_related("proposal__organisation")
        )
        for who in ("officer", "member_a", "officer_a")
    }
    assert bodies["officer"] == [("A", False), ("A", True), ("B", False), ("B", True)]
    assert bodies["member_a"] == [("A", False)]
    # staff who belong to A: all notes on staff screens, only the public thread as a member
    assert bodies["officer_a"] == bodies["officer"]
    own = Message.objects.of_own_organisations(world["officer_a"])
    assert sorted(own.values_list("internal", flat=True)) == [False]


def test_communication_controls_are_staff_records(world):
    ControlFactory(organisation=world["A"])
    assert CommunicationControl.objects.visible_to(world["officer"]).count() == 1
    assert CommunicationControl.objects.visible_to(world["member_a"]).count() == 0
    assert CommunicationControl.objects.of_own_organisations(world["officer_a"]).count() == 0


def test_an_export_is_seen_by_the_person_who_asked_for_it_only(world):
    mine = Export.objects.create(requested_by=world["officer"], kind=ExportKind.INDICATORS_CSV)
    Export.objects.create(requested_by=world["officer_a"], kind=ExportKind.INDICATORS_CSV)
    assert list(Export.objects.visible_to(world["officer"])) == [mine]
    assert list(Export.objects.of_own_organisations(world["officer"])) == [mine]
    assert list(Export.objects.visible_to(world["anonymous"])) == []


def test_is_member_of_answers_for_one_loaded_record(world):
    a, b = world["A"].pk, world["B"].pk
    assert roles.is_member_of(world["member_a"], a)
    assert not roles.is_member_of(world["member_a"], b)
    assert roles.is_member_of(world["officer_a"], a)
    assert not roles.is_member_of(world["officer"], a)
    assert not roles.is_member_of(world["member_a"], None)  # a network snapshot
    assert not roles.is_member_of(world["anonymous"], a)


# ------------------------------------------------------------------ written once


def test_every_scoped_model_asks_the_one_base():
    """A model whose queryset answers visible_to gets it from the base; a hand-written copy in a
    subclass (the way the commission once saw alert data) fails here."""
    scoped = []
    for app in PROJECT_APPS:
        for model in apps.get_app_config(app).get_models():
            queryset_class = type(model._default_manager.all())
            if not hasattr(queryset_class, "visible_to"):
                continue
            scoped.append(model.__name__)
            assert issubclass(queryset_class, OrganisationScopedQuerySet), model
            for klass in queryset_class.__mro__:
                if klass is OrganisationScopedQuerySet:
                    break
                assert "visible_to" not in vars(klass), f"{klass.__name__} rewrites visible_to"
                assert "of_own_organisations" not in vars(klass), klass
    # the ones the issue named, among the others
    for name in ("Organisation", "CommunicationControl", "Message", "Alert", "Export"):
        assert name in scoped


def test_roles_does_not_import_the_organisms_app():
    """No charter_portal.roles ↔ organisms.models cycle, not even inside a function."""
    tree = ast.parse(Path(inspect.getfile(roles)).read_text())
    imported = [
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    ]
    assert "typing" in imported  # the walk does see the module's imports
    assert not any(name and name.startswith(("organisms", "paths", "alerts")) for name in imported)
