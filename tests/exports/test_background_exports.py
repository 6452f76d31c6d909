"""Exports built by the worker: asked in the API or a page, followed, downloaded, expired."""

import csv
import datetime
import io
import os
import zoneinfo

import openpyxl
import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from rest_framework.test import APIClient

from charter_portal import roles
from exports.models import Export
from exports.tasks import delete_expired_exports
from paths.models import ProposalStatus
from tests.dom import parse, text
from tests.factories import PathProposalFactory

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
PERIOD = {"start": "2022-01-01", "end": "2022-12-31"}


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def proposals(org_a, org_b):
    """One submitted proposal per organisation, in 2022."""
    submitted = datetime.datetime(2022, 3, 1, 10, tzinfo=PARIS)
    a = PathProposalFactory(
        organisation=org_a, status=ProposalStatus.SUBMITTED, submitted_at=submitted
    )
    b = PathProposalFactory(
        organisation=org_b, status=ProposalStatus.SUBMITTED, submitted_at=submitted
    )
    return a, b


@pytest.mark.django_db
def test_the_network_workbook_is_built_and_its_link_emailed(quality_officer, proposals):
    """Network scope, 2022: both proposals count → « Propositions transmises » = 2."""
    response = api(quality_officer).post(
        "/api/v1/exports/", {"kind": "indicators_xlsx", "params": PERIOD}, format="json"
    )
    assert response.status_code == 202
    body = response.json()
    assert response["Location"] == body["url"]
    assert body["url"] == f"http://testserver/api/v1/exports/{body['id']}/"
    # tasks run at once in tests: the export is already done
    state = api(quality_officer).get(body["url"]).json()
    assert state["status"] == "done"
    assert state["progress"] == 100
    assert state["download_url"] == f"http://testserver/api/v1/exports/{body['id']}/download/"

    download = api(quality_officer).get(state["download_url"])
    assert download.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    synthesis = workbook.worksheets[0]
    rows = [row for row in synthesis.iter_rows(values_only=True) if row[0] == "proposals_submitted"]
    # the value is the row's last cell
    assert [[cell for cell in row if cell is not None][-1] for row in rows] == [2]

    # the person who asked gets the link by email
    assert mail.outbox[-1].to == [quality_officer.email]
    assert f"/exports/{body['id']}/" in mail.outbox[-1].body
    assert "prêt" in mail.outbox[-1].subject


@pytest.mark.django_db(transaction=True)
def test_with_the_worker_the_request_does_not_wait(quality_officer, proposals):
    with override_settings(TASKS=DB_TASKS):
        response = api(quality_officer).post(
            "/api/v1/exports/", {"kind": "indicators_csv", "params": PERIOD}, format="json"
        )
        assert response.status_code == 202
        body = response.json()
        assert (body["status"], body["progress"], body["download_url"]) == ("pending", 0, None)
        assert mail.outbox == []

        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

        state = api(quality_officer).get(body["url"]).json()
        assert (state["status"], state["progress"]) == ("done", 100)
        csv_text = api(quality_officer).get(state["download_url"])
        content = b"".join(csv_text.streaming_content).decode("utf-8-sig")
        rows = [row for row in csv.reader(content.splitlines(), delimiter=";") if row]
        assert [row[-1] for row in rows if row[0] == "proposals_submitted"] == ["2"]


@pytest.mark.django_db
def test_another_organisation_s_figures_are_a_404_and_nothing_is_stored(member_b, org_a):
    response = api(member_b).post(
        "/api/v1/exports/",
        {"kind": "indicators_xlsx", "params": {"organisation": org_a.pk}},
        format="json",
    )
    assert response.status_code == 404
    assert Export.objects.count() == 0


@pytest.mark.django_db
def test_bad_input_names_the_field(quality_officer):
    response = api(quality_officer).post(
        "/api/v1/exports/",
        {"kind": "indicators_csv", "params": {"start": "2022-13-01"}},
        format="json",
    )
    assert response.status_code == 400
    assert "start" in response.json()
    response = api(quality_officer).post("/api/v1/exports/", {"kind": "everything"}, format="json")
    assert response.status_code == 400
    assert "kind" in response.json()
    assert Export.objects.count() == 0


@pytest.mark.django_db
def test_someone_else_s_export_is_a_404(quality_officer, path_analyst, proposals):
    body = (
        api(quality_officer)
        .post("/api/v1/exports/", {"kind": "review_queue_csv"}, format="json")
        .json()
    )
    assert api(path_analyst).get(body["url"]).status_code == 404
    assert api(path_analyst).get(f"{body['url']}download/").status_code == 404
    assert api(path_analyst).get("/api/v1/exports/").json()["results"] == []


@pytest.mark.django_db
def test_files_expire_after_48_hours(quality_officer, proposals):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=PARIS), tick=False):
        body = (
            api(quality_officer)
            .post("/api/v1/exports/", {"kind": "review_queue_csv"}, format="json")
            .json()
        )
    export = Export.objects.get(pk=body["id"])
    path = export.file.path
    assert os.path.exists(path)
    assert export.expires_at == datetime.datetime(2026, 3, 4, 9, tzinfo=PARIS)
    with time_machine.travel(datetime.datetime(2026, 3, 4, 8, 59, tzinfo=PARIS), tick=False):
        assert delete_expired_exports.call() == 0
    with time_machine.travel(datetime.datetime(2026, 3, 4, 9, 0, tzinfo=PARIS), tick=False):
        assert delete_expired_exports.call() == 1
    assert not os.path.exists(path)
    assert api(quality_officer).get(body["url"]).status_code == 404


@pytest.mark.django_db
def test_a_failed_export_says_so(quality_officer, monkeypatch):
    def broken(*args):
        raise RuntimeError("disque plein")

    monkeypatch.setattr("exports.builders.build", broken)
    body = (
        api(quality_officer)
        .post("/api/v1/exports/", {"kind": "review_queue_csv"}, format="json")
        .json()
    )
    state = api(quality_officer).get(body["url"]).json()
    assert (state["status"], state["download_url"]) == ("failed", None)
    assert "disque plein" in Export.objects.get().error
    assert "n'a pas pu être préparé" in mail.outbox[-1].subject


@pytest.mark.django_db
def test_asked_from_the_review_queue_page_and_downloaded(client, quality_officer, proposals):
    """The queue filtered on organisation A lists A's proposal only."""
    a, b = proposals
    client.force_login(quality_officer)
    response = client.post(
        "/exports/nouveau/",
        {"kind": "review_queue_csv", "query": f"organisation={a.organisation_id}"},
    )
    export = Export.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/exports/{export.pk}/"
    page = client.get(response["Location"])
    [download] = parse(page).xpath(f"//main//a[@href='/exports/{export.pk}/fichier/']")
    assert text(download) == f"Télécharger {export.filename}"
    content = b"".join(client.get(f"/exports/{export.pk}/fichier/").streaming_content).decode(
        "utf-8-sig"
    )
    assert a.reference in content
    assert b.reference not in content
    listing = client.get("/exports/").content.decode()
    assert "Propositions à étudier (CSV)" in listing


@pytest.mark.django_db
def test_an_expired_file_is_no_longer_served_before_the_clean_up(
    client, quality_officer, proposals
):
    """48 hours after it was made, the file is gone for its owner even if the hourly clean-up has
    not deleted it yet: no link in the API, a 404 on the page's and the API's download."""
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=PARIS), tick=False):
        body = (
            api(quality_officer)
            .post("/api/v1/exports/", {"kind": "review_queue_csv"}, format="json")
            .json()
        )
        assert body["download_url"]
    client.force_login(quality_officer)
    page = f"/exports/{body['id']}/fichier/"
    with time_machine.travel(datetime.datetime(2026, 3, 4, 8, 59, tzinfo=PARIS), tick=False):
        assert client.get(page).status_code == 200
    with time_machine.travel(datetime.datetime(2026, 3, 4, 9, 0, tzinfo=PARIS), tick=False):
        assert Export.objects.filter(pk=body["id"]).exists()  # not cleaned up yet
        assert client.get(page).status_code == 404
        assert api(quality_officer).get(f"{body['url']}download/").status_code == 404
        assert api(quality_officer).get(body["url"]).json()["download_url"] is None
        # its page says so instead of offering a link that would 404
        detail = parse(client.get(f"/exports/{body['id']}/").content.decode())
        assert detail.xpath(f"//a[@href='{page}']") == []
        expired = " ".join(detail.xpath("//*[@id='export-expired']//text()"))
        assert "expiré le 04/03/2026 09:00" in expired


@pytest.mark.django_db
def test_a_quality_officer_who_sits_on_the_commission_may_not_export_the_alert_queue(
    quality_officer,
):
    """C8 outranks the alerts permission: the request is refused at once (403), as the queue page
    shows them no alert, and no export is stored or built."""
    quality_officer.groups.add(Group.objects.get(name=roles.COMMISSION))
    quality_officer = type(quality_officer).objects.get(pk=quality_officer.pk)  # fresh role cache
    assert quality_officer.has_perm("alerts.view_alert")
    response = api(quality_officer).post(
        "/api/v1/exports/", {"kind": "alert_queue_csv"}, format="json"
    )
    assert response.status_code == 403
    assert not Export.objects.filter(requested_by=quality_officer).exists()


@pytest.mark.django_db
def test_an_export_is_no_longer_served_to_someone_who_has_left_what_it_covers(
    client, member_a, org_a, quality_officer, proposals
):
    """An OF member who leaves the organisation, or a quality officer who leaves the role, within
    the 48 hours may no longer download what they asked for: the page and the API answer 404, as
    a new request would."""
    asked = api(member_a).post(
        "/api/v1/exports/",
        {"kind": "indicators_csv", "params": {**PERIOD, "organisation": org_a.pk}},
        format="json",
    )
    assert asked.status_code == 202
    member_export = asked.json()
    officer_export = (
        api(quality_officer)
        .post("/api/v1/exports/", {"kind": "review_queue_csv"}, format="json")
        .json()
    )
    for user, body in ((member_a, member_export), (quality_officer, officer_export)):
        client.force_login(user)
        served = client.get(f"/exports/{body['id']}/fichier/")
        assert served.status_code == 200 and b"".join(served.streaming_content)

    member_a.memberships.all().delete()
    quality_officer.groups.clear()
    for user, body in ((member_a, member_export), (quality_officer, officer_export)):
        user = type(user).objects.get(pk=user.pk)  # a new request: roles read afresh
        client.force_login(user)
        assert client.get(f"/exports/{body['id']}/fichier/").status_code == 404
        assert api(user).get(f"{body['url']}download/").status_code == 404


QUEUED_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _run_queued():
    """What the worker does with the queued tasks, in order."""
    from django_tasks import default_task_backend

    while default_task_backend.results:
        result = default_task_backend.results.pop(0)
        result.task.call(*result.args, **result.kwargs)


@pytest.mark.django_db
def test_an_export_whose_task_or_worker_was_lost_is_built_again(quality_officer, proposals):
    """Asked at 9:00; the worker is restarted by a deployment and the task is lost. At 9:10 it is
    too early to tell; at 9:25 it is queued again, built, and its link emailed. One stuck
    « en préparation » (its worker died mid-build) starts afresh the same way."""
    from exports.tasks import requeue_lost_exports

    asked = datetime.datetime(2026, 3, 2, 9, tzinfo=PARIS)
    with override_settings(TASKS=QUEUED_TASKS), time_machine.travel(asked, tick=False):
        lost = api(quality_officer).post(
            "/api/v1/exports/", {"kind": "review_queue_csv"}, format="json"
        )
        stuck = api(quality_officer).post(
            "/api/v1/exports/", {"kind": "indicators_csv", "params": PERIOD}, format="json"
        )
        from django_tasks import default_task_backend

        default_task_backend.results.clear()  # both tasks lost with the worker
    Export.objects.filter(pk=stuck.json()["id"]).update(status="running", progress=40, attempts=1)
    with override_settings(TASKS=QUEUED_TASKS):
        with time_machine.travel(asked + datetime.timedelta(minutes=10), tick=False):
            assert requeue_lost_exports.call() == 0
        with time_machine.travel(asked + datetime.timedelta(minutes=25), tick=False):
            assert requeue_lost_exports.call() == 2
            _run_queued()
    for body, builds in ((lost.json(), 1), (stuck.json(), 2)):
        export = Export.objects.get(pk=body["id"])
        assert (export.status, export.progress, export.attempts) == ("done", 100, builds)
        assert export.file
    assert len(mail.outbox) == 2 and all("prêt" in email.subject for email in mail.outbox)


@pytest.mark.django_db
def test_an_export_that_never_finishes_is_given_up_after_three_builds(quality_officer, proposals):
    """Three builds started and none finished (each took the worker down): the fourth round marks
    it failed, with the reason for staff, and tells its owner instead of trying forever."""
    from exports.tasks import requeue_lost_exports

    asked = datetime.datetime(2026, 3, 2, 9, tzinfo=PARIS)
    with override_settings(TASKS=QUEUED_TASKS), time_machine.travel(asked, tick=False):
        body = (
            api(quality_officer)
            .post("/api/v1/exports/", {"kind": "review_queue_csv"}, format="json")
            .json()
        )
    Export.objects.filter(pk=body["id"]).update(status="running", attempts=3)
    with (
        override_settings(TASKS=QUEUED_TASKS),
        time_machine.travel(asked + datetime.timedelta(minutes=40), tick=False),
    ):
        assert requeue_lost_exports.call() == 0
        _run_queued()  # the email
    export = Export.objects.get(pk=body["id"])
    assert export.status == "failed"
    assert "abandoned after 3 builds" in export.error
    assert mail.outbox[-1].to == [quality_officer.email]
    assert "prêt" not in mail.outbox[-1].subject


@pytest.mark.django_db
def test_giving_up_leaves_an_export_a_late_build_finished(quality_officer, proposals):
    """The clean-up read the export as stuck (3 builds, « en préparation »), but the third build
    finishes before it gives up: the export stays done, and its owner gets no failure email."""
    from exports.tasks import _give_up

    body = (
        api(quality_officer).post("/api/v1/exports/", {"kind": "review_queue_csv"}, format="json")
    ).json()
    stale = Export.objects.get(pk=body["id"])
    stale.status, stale.attempts = "running", 3
    Export.objects.filter(pk=stale.pk).update(attempts=3)  # the row: done, after 3 builds
    sent = len(mail.outbox)
    _give_up(stale)
    export = Export.objects.get(pk=body["id"])
    assert (export.status, export.error) == ("done", "")
    assert len(mail.outbox) == sent
