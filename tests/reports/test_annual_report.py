"""The annual PTP report (C10): the OF asks from its dashboard, the quality officer and the path
analyst are told, the path analyst produces it, the OF is told and downloads it; B never reaches A's."""

import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from reports import services
from reports.dataset import Period
from reports.models import AnnualReport, AnnualReportRequest
from tests.dom import buttons, facts, parse, rows, text
from tests.factories import MembershipFactory

CREATE = reverse("reports:annual_request_create")
YEAR_2022 = {"start": "2022-01-01", "end": "2022-12-31", "message": "Pour notre conseil."}


@pytest.fixture
def staff(quality_officer, path_analyst, commission_member, administrator):
    return {"qo": quality_officer, "pa": path_analyst}


@pytest.fixture
def requested(org_a, member_a):
    return services.request_annual_report(
        org_a, Period(datetime.date(2022, 1, 1), datetime.date(2022, 12, 31)), "", member_a
    )


def test_an_of_member_requests_it_and_both_staff_roles_are_told(
    client, member_a, org_a, staff, mailed, on_day
):
    on_day(datetime.date(2023, 2, 10))
    client.force_login(member_a)
    form = client.get(CREATE).content.decode()
    # the last calendar year by default
    assert 'value="2022-01-01"' in form and 'value="2022-12-31"' in form
    with mailed():
        response = client.post(CREATE, {**YEAR_2022, "organisation": org_a.pk}, follow=True)
    page = response.content.decode()
    assert "Votre demande de rapport annuel PTP est transmise à Transitions Pro." in page
    request = AnnualReportRequest.objects.get()
    assert (request.organisation, request.requested_by) == (org_a, member_a)
    assert (request.period_start, request.period_end) == (
        datetime.date(2022, 1, 1),
        datetime.date(2022, 12, 31),
    )
    assert request.status == AnnualReportRequest.Status.REQUESTED
    assert facts(response)["Statut"] == "Demandé"
    [message] = mail.outbox
    assert sorted(message.to) == sorted([staff["qo"].email, staff["pa"].email])
    assert message.subject == (
        "Demande de rapport annuel PTP : Formations Alpha (01/01/2022 – 31/12/2022)"
    )
    assert "Pour notre conseil." in message.body
    assert f"http://testserver/rapports-annuels/demandes/{request.pk}/" in message.body


def test_the_request_shows_on_the_of_dashboard_and_the_staff_list(
    client, member_a, quality_officer, requested
):
    client.force_login(member_a)
    page = client.get(reverse("reports:my_dashboard")).content.decode()
    assert reverse("reports:annual_request_detail", args=[requested.pk]) in page
    client.force_login(quality_officer)
    listing = client.get(reverse("reports:annual_request_list"))
    # organisation, period, requested on (by), status, report
    [row] = rows(listing)
    assert (row[0], row[3], row[4]) == ("Formations Alpha", "Demandé", "—")
    detail = client.get(reverse("reports:annual_request_detail", args=[requested.pk]))
    assert buttons(detail) == []  # the path analyst produces it
    assert "Produire le rapport" not in detail.content.decode()


def test_the_same_request_is_not_sent_twice(client, member_a, org_a, requested):
    client.force_login(member_a)
    response = client.post(CREATE, {**YEAR_2022, "organisation": org_a.pk})
    assert "Une demande est déjà en cours pour cet organisme et cette période" in (
        response.content.decode()
    )
    assert AnnualReportRequest.objects.count() == 1


def test_a_period_ending_before_it_starts_is_refused(client, member_a, org_a):
    client.force_login(member_a)
    response = client.post(
        CREATE, {"organisation": org_a.pk, "start": "2022-12-31", "end": "2022-01-01"}
    )
    assert 'id="id_end_error"' in response.content.decode()
    assert not AnnualReportRequest.objects.exists()


def test_b_cannot_request_a_s_report(client, member_b, org_a):
    client.force_login(member_b)
    response = client.post(CREATE, {**YEAR_2022, "organisation": org_a.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Formations Alpha" not in page
    assert '<div class="form-errors" role="alert"><p>Organisme : ' in page
    assert not AnnualReportRequest.objects.exists()


def test_a_member_of_one_organisation_has_nothing_to_choose(client, member_a, org_a):
    client.force_login(member_a)
    form = client.get(CREATE).content.decode()
    assert f'type="hidden" name="organisation" value="{org_a.pk}"' in form
    client.post(CREATE, {"start": "2022-01-01", "end": "2022-12-31"})
    assert AnnualReportRequest.objects.get().organisation == org_a


def test_a_member_of_two_organisations_chooses_one(client, member_a, org_a, org_b):
    MembershipFactory(user=member_a, organisation=org_b)
    client.force_login(member_a)
    form = client.get(CREATE, {"organisation": org_b.pk}).content.decode()
    assert '<select name="organisation"' in form
    assert f'<option value="{org_b.pk}" selected>Beta Compétences</option>' in form
    client.post(CREATE, {**YEAR_2022, "organisation": org_b.pk})
    assert AnnualReportRequest.objects.get().organisation == org_b


def test_staff_do_not_request_reports(client, quality_officer, org_a):
    client.force_login(quality_officer)
    assert client.get(CREATE).status_code == 404
    assert client.post(CREATE, {**YEAR_2022, "organisation": org_a.pk}).status_code == 404
    assert not AnnualReportRequest.objects.exists()


def test_the_path_analyst_produces_it_and_the_of_s_members_are_told(
    client, path_analyst, member_a, org_a, org_b, member_b, staff, requested, records, mailed
):
    colleague = MembershipFactory(organisation=org_a).user
    client.force_login(path_analyst)
    page = client.get(reverse("reports:annual_request_detail", args=[requested.pk]))
    assert buttons(page) == ["Produire le rapport"]
    with mailed():
        response = client.post(
            reverse("reports:annual_report_generate", args=[requested.pk]), follow=True
        )
    report = AnnualReport.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "reports:annual_report_detail", args=[report.pk]
    )
    assert "Rapport annuel PTP produit (version 1)" in response.content.decode()
    requested.refresh_from_db()
    assert requested.status == AnnualReportRequest.Status.GENERATED
    assert requested.report == report
    assert (report.organisation, report.generated_by) == (org_a, path_analyst)
    [message] = mail.outbox
    # the organisation's members and its file contact; no staff, nobody from B
    assert sorted(message.to) == sorted([member_a.email, colleague.email, org_a.contact_email])
    assert message.subject == "Votre rapport annuel PTP est prêt (01/01/2022 – 31/12/2022)"
    assert f"http://testserver/rapports-annuels/{report.pk}/" in message.body


def test_only_the_path_analyst_and_administrators_produce_it(
    client, quality_officer, commission_member, member_a, requested
):
    url = reverse("reports:annual_report_generate", args=[requested.pk])
    for user, status in ((quality_officer, 403), (commission_member, 403), (member_a, 404)):
        client.force_login(user)
        assert client.post(url).status_code == status
    assert not AnnualReport.objects.exists()


@pytest.fixture
def produced(requested, path_analyst, records):
    return services.generate_annual_report(requested.pk, path_analyst)


def test_the_of_reads_and_downloads_its_report(client, member_a, produced):
    client.force_login(member_a)
    page = client.get(reverse("reports:annual_report_detail", args=[produced.pk])).content.decode()
    assert "Rapport annuel PTP — Formations Alpha" in page
    assert "Période du 01/01/2022 au 31/12/2022 · version 1" in page
    assert 'id="proposals-submitted"' in page
    workbook = client.get(reverse("reports:annual_report_workbook", args=[produced.pk]))
    assert workbook.status_code == 200
    assert workbook["Content-Disposition"].startswith("attachment")
    book = load_workbook(io.BytesIO(b"".join(workbook.streaming_content)))
    assert book.sheetnames == ["Synthèse", "Propositions", "Décisions", "Alertes"]
    assert book["Synthèse"]["A1"].value == "Rapport annuel PTP — Formations Alpha"
    csv_file = client.get(reverse("reports:annual_report_csv", args=[produced.pk]))
    assert b"".join(csv_file.streaming_content).decode("utf-8-sig").startswith("period_start;")


@pytest.mark.parametrize(
    "name",
    [
        "reports:annual_report_detail",
        "reports:annual_report_workbook",
        "reports:annual_report_csv",
    ],
)
def test_b_cannot_see_or_download_a_s_report(client, member_b, produced, name):
    client.force_login(member_b)
    assert client.get(reverse(name, args=[produced.pk])).status_code == 404


def test_b_cannot_see_a_s_request(client, member_b, requested):
    client.force_login(member_b)
    url = reverse("reports:annual_request_detail", args=[requested.pk])
    assert client.get(url).status_code == 404
    page = client.get(reverse("reports:my_dashboard")).content.decode()
    assert "Formations Alpha" not in page


def test_staff_see_every_request_pending_ones_first(
    client, path_analyst, org_b, member_b, produced
):
    services.request_annual_report(
        org_b, Period(datetime.date(2022, 1, 1), datetime.date(2022, 12, 31)), "", member_b
    )
    client.force_login(path_analyst)
    page = client.get(reverse("reports:annual_request_list")).content.decode()
    assert page.index("Beta Compétences") < page.index("Formations Alpha")
    dashboard = client.get(reverse("reports:dashboard"))
    [link] = parse(dashboard).xpath(f"//main//a[@href='{reverse('reports:annual_request_list')}']")
    assert text(link) == "Rapports annuels PTP (1 demande en attente)"


def test_the_ptp_trainees_declared_with_the_request_give_the_individualised_share(
    client, member_a, path_analyst, org_a, records
):
    """A declares 4 PTP trainees for 2022-H1; its accepted individualised path: PA1 (the refused
    PA2 does not count). 1 / 4 = 25.0 % in the report's figures, page and CSV."""
    client.force_login(member_a)
    client.post(
        reverse("reports:annual_request_create"),
        {"start": "2022-01-01", "end": "2022-06-30", "message": "", "declared_ptp_trainees": "4"},
    )
    annual_request = AnnualReportRequest.objects.get()
    assert annual_request.declared_ptp_trainees == 4

    client.force_login(path_analyst)
    client.post(reverse("reports:annual_report_generate", args=[annual_request.pk]))

    made = AnnualReport.objects.get()
    assert made.declared_ptp_trainees == 4
    values = {row["code"]: row["value"] for row in made.figures}
    assert values["individualised_share"] == 25.0
    page = client.get(reverse("reports:annual_report_detail", args=[made.pk])).content.decode()
    assert "Stagiaires PTP déclarés par l'organisme pour la période : 4." in page


def test_a_negative_number_of_trainees_is_an_error_next_to_the_field(client, member_a, org_a):
    client.force_login(member_a)
    response = client.post(
        reverse("reports:annual_request_create"),
        {"start": "2022-01-01", "end": "2022-06-30", "declared_ptp_trainees": "-3"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["declared_ptp_trainees"]
    assert not AnnualReportRequest.objects.exists()


def test_a_double_click_produces_one_version_and_one_email(
    client, path_analyst, member_a, requested, records, mailed
):
    """Two clicks on « Produire le rapport » a moment apart, on the same figures: one version,
    one email to the organisation, both answers lead to it. Three minutes later, the same
    figures make a version 2 (a deliberate new production)."""
    import time_machine

    client.force_login(path_analyst)
    url = reverse("reports:annual_report_generate", args=[requested.pk])
    noon = datetime.datetime(2023, 2, 1, 12, tzinfo=datetime.UTC)
    with mailed():
        with time_machine.travel(noon, tick=False):
            first = client.post(url)
        with time_machine.travel(noon + datetime.timedelta(seconds=1), tick=False):
            second = client.post(url)
    report = AnnualReport.objects.get()
    assert (
        first["Location"]
        == second["Location"]
        == reverse("reports:annual_report_detail", args=[report.pk])
    )
    assert report.version == 1
    assert len(mail.outbox) == 1

    with time_machine.travel(noon + datetime.timedelta(minutes=3), tick=False):
        client.post(url)
    assert sorted(AnnualReport.objects.values_list("version", flat=True)) == [1, 2]
