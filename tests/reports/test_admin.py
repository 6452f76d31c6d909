"""The admin shows the reports read-only: a snapshot is generated from the portal, never typed in."""

from django.urls import reverse

from reports import services
from reports.dataset import Scope
from reports.report import default_period


def test_administrators_read_a_review_but_cannot_add_or_change_its_figures(
    client, administrator, quality_officer, edition
):
    review = services.generate_interim_review(default_period(), Scope(), quality_officer)
    client.force_login(administrator)
    page = client.get(reverse("admin:reports_interimreview_change", args=[review.pk]))
    assert page.status_code == 200
    assert 'name="figures"' not in page.content.decode()
    assert client.get(reverse("admin:reports_interimreview_add")).status_code == 403
    assert client.get(reverse("admin:reports_annualreportrequest_changelist")).status_code == 200
