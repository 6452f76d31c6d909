"""`make demo` shows each report: the network's interim review, Atelier Formation Champagne's annual
report (produced) and dialogue meeting, and Alsace Sud Formation's request still waiting."""

from django.core.management import call_command

from organisms.identifiers import make_siret
from reports.models import AnnualReportRequest, DialogueMeeting, InterimReview


def test_the_demo_has_a_report_of_each_kind(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", verbosity=0)

    review = InterimReview.objects.get()
    assert review.organisation is None and review.departement == ""
    assert review.workbook and review.csv_file
    assert review.comments["C3"]["tp"]
    produced = AnnualReportRequest.objects.get(organisation__siret=make_siret(101))
    assert produced.status == AnnualReportRequest.Status.GENERATED
    assert produced.report.workbook
    assert any(
        row["value"] for row in produced.report.figures if row["code"] == "proposals_submitted"
    )
    pending = AnnualReportRequest.objects.get(organisation__siret=make_siret(104))
    assert pending.status == AnnualReportRequest.Status.REQUESTED
    meeting = DialogueMeeting.objects.get()
    assert meeting.organisation.siret == make_siret(101)
    assert meeting.levers_notes and meeting.figures

    call_command("load_demo", verbosity=0)  # safe to run again
    assert InterimReview.objects.count() == 1
