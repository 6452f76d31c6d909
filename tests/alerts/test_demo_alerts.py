"""`make demo` holds alerts in every state, of both origins, one of them overdue."""

from django.core.management import call_command

from alerts.models import Alert, AlertMessage, AlertOutcome, AlertStatus, Origin
from paths.models import PathProposal


def test_the_demo_holds_alerts_in_every_state_and_of_both_origins(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)  # idempotent

    alerts = list(Alert.objects.select_related("organisation"))
    assert {a.status for a in alerts} == set(AlertStatus.values)
    assert {a.origin for a in alerts} == set(Origin.values)
    assert {a.outcome for a in alerts if a.status == AlertStatus.CLOSED} == set(AlertOutcome.values)
    assert Alert.objects.overdue().exists()
    assert len({a.organisation_id for a in alerts}) == 2  # Reims and Mulhouse
    for alert in alerts:
        alert.full_clean()
        if alert.acknowledged_at:
            assert alert.acknowledged_at >= alert.created_at
    assert AlertMessage.objects.filter(internal=True).exists()
    assert AlertMessage.objects.filter(internal=False).exists()
    # with the paths demo's proposals, trainees' alerts came through a shared link
    if PathProposal.objects.filter(organisation_id__in={a.organisation_id for a in alerts}):
        assert Alert.objects.filter(origin=Origin.TRAINEE, trainee_link__isnull=False).exists()
        assert Alert.objects.filter(proposal__isnull=False).exists()
