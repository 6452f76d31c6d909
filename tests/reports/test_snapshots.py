"""A generated review, report or meeting is a dated snapshot: its figures and files stay as they
were when the records change; generating again makes a new version with the new figures."""

import datetime

import pytest
from django.urls import reverse

from alerts.models import Alert
from reports import services
from reports.dataset import Period, Scope
from reports.models import AnnualReport, DialogueMeeting, InterimReview
from tests.dom import texts
from tests.reports.conftest import at, raised_alert, submitted_proposal

PERIOD = Period(datetime.date(2022, 1, 1), datetime.date(2022, 6, 30))


def _value(snapshot, code):
    return next(row["value"] for row in snapshot.figures if row["code"] == code)


def _files(snapshot):
    with snapshot.workbook.open("rb") as workbook, snapshot.csv_file.open("rb") as csv_file:
        return workbook.read(), csv_file.read()


def _change_the_records(org_a, records):
    submitted_proposal(org_a, at(2022, 4, 4), None, None, ["innovation"])
    Alert.objects.filter(pk=records["aa1"].pk).update(outcome="interrupted")
    raised_alert(org_a, at(2022, 5, 2))


def _review(org_a, user):
    return services.generate_interim_review(PERIOD, Scope(org_a.pk), user)


def _annual(org_a, user):
    request = services.request_annual_report(org_a, PERIOD, "", user)
    return services.generate_annual_report(request.pk, user)


def _meeting(org_a, user):
    return services.record_dialogue_meeting(
        DialogueMeeting(
            held_on=datetime.date(2022, 7, 5),
            organisation=org_a,
            period_start=PERIOD.start,
            period_end=PERIOD.end,
            participants="Direction de l'organisme\nChargée de projet qualité",
        ),
        user,
    )


@pytest.mark.parametrize("generate", [_review, _annual, _meeting])
def test_a_snapshot_does_not_change_when_its_records_do(org_a, quality_officer, records, generate):
    snapshot = generate(org_a, quality_officer)
    figures, files = snapshot.figures, _files(snapshot)
    assert snapshot.version == 1
    assert _value(snapshot, "proposals_submitted") == 2
    assert _value(snapshot, "alerts_by_outcome")["secured"] == 1

    _change_the_records(org_a, records)

    stored = type(snapshot).objects.get(pk=snapshot.pk)
    assert stored.figures == figures
    assert _files(stored) == files
    assert stored.version == 1


def test_generating_again_makes_version_2_with_the_new_figures(
    client, org_a, quality_officer, records
):
    first = _review(org_a, quality_officer)
    _change_the_records(org_a, records)
    second = _review(org_a, quality_officer)

    assert (first.version, second.version) == (1, 2)
    assert _value(second, "proposals_submitted") == 3
    assert _value(second, "alerts_total") == 2
    assert _value(second, "alerts_by_outcome")["secured"] == 0
    assert _files(second) != _files(first)
    assert InterimReview.objects.count() == 2
    # each version's page shows its own figures, and lists both versions
    client.force_login(quality_officer)
    response = client.get(reverse("reports:review_detail", args=[first.pk]))
    page = response.content.decode()
    assert 'id="review-proposals-submitted"' in page
    versions = texts(response, "//main//tbody/tr/th[starts-with(normalize-space(.), 'Version ')]")
    assert sorted(versions) == ["Version 1 (affichée)", "Version 2"]
    assert reverse("reports:review_detail", args=[second.pk]) in page


def test_the_annual_report_s_new_version_leaves_the_first_one(
    org_a, member_a, path_analyst, records
):
    request = services.request_annual_report(org_a, PERIOD, "", member_a)
    first = services.generate_annual_report(request.pk, path_analyst)
    _change_the_records(org_a, records)
    second = services.generate_annual_report(request.pk, path_analyst)
    request.refresh_from_db()
    assert request.report == second
    assert second.version == 2
    assert _value(AnnualReport.objects.get(pk=first.pk), "proposals_submitted") == 2
    assert _value(second, "proposals_submitted") == 3
