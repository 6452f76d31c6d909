"""The interim review (C9): the quality officer generates it; it goes commitment by commitment
with the evidence and a comment from each party; the OF comments its own side of its review."""

import datetime
import html

import pytest
from django.urls import reverse

from reports import services
from reports.dataset import Period, Scope
from reports.models import InterimReview
from tests.dom import field_names, messages, parse, text, texts
from tests.reports.conftest import PERIOD_2022

CREATE = reverse("reports:review_create")
PERIOD = Period(datetime.date(2022, 1, 1), datetime.date(2022, 6, 30))


@pytest.fixture
def review_a(org_a, quality_officer, records):
    return services.generate_interim_review(PERIOD, Scope(org_a.pk), quality_officer)


def _detail(client, review):
    return html.unescape(
        client.get(reverse("reports:review_detail", args=[review.pk])).content.decode()
    )


def test_the_quality_officer_generates_a_review_for_an_organisation(
    client, quality_officer, org_a, records, on_day
):
    on_day(datetime.date(2022, 7, 4))
    client.force_login(quality_officer)
    form = client.get(CREATE).content.decode()
    assert 'value="2021-06-01"' in form  # the edition's validity by default
    response = client.post(CREATE, {"organisation": org_a.pk, **PERIOD_2022}, follow=True)
    review = InterimReview.objects.get()
    assert (review.organisation, review.version, review.generated_by) == (
        org_a,
        1,
        quality_officer,
    )
    assert (review.period_start, review.period_end) == (PERIOD.start, PERIOD.end)
    page = response.content.decode()
    assert "Bilan intermédiaire généré (version 1)." in page
    assert "Bilan intermédiaire de la charte — Formations Alpha" in page
    assert "Période du 01/01/2022 au 30/06/2022 · version 1 générée le 04/07/2022" in page


def test_the_review_goes_commitment_by_commitment(client, quality_officer, review_a):
    client.force_login(quality_officer)
    page = _detail(client, review_a)
    positions = [page.index(f'id="commitment-C{n}"') for n in range(1, 16)]
    assert positions == sorted(positions)
    c3 = page[positions[2] : positions[3]]
    assert "Propositions de parcours transmises" in c3
    assert 'id="review-proposals-submitted"' in c3
    c7 = page[positions[6] : positions[7]]
    assert "Alertes émises" in c7
    c8 = page[positions[7] : positions[8]]
    assert "Ne jamais réaliser de contrôle à cause d'une alerte" in c8
    assert "Éléments disponibles :" in c8
    assert "À commenter." in c8  # no comment yet on a commitment without an indicator
    assert "Transitions Pro Grand Est" in c8  # who commits
    assert reverse("reports:review_workbook", args=[review_a.pk]) in page
    assert reverse("reports:review_csv", args=[review_a.pk]) in page


def test_the_path_analyst_and_the_commission_read_reviews_but_do_not_generate_them(
    client, path_analyst, commission_member, review_a
):
    for user in (path_analyst, commission_member):
        client.force_login(user)
        assert client.get(CREATE).status_code == 403
        page = _detail(client, review_a)
        assert "Commenter le bilan" not in page
        url = reverse("reports:review_comment", args=[review_a.pk])
        assert not parse(page).xpath(f"//main//a[@href='{url}']")
        assert client.post(url, {"C1_tp": "Non."}).status_code == 403


def test_staff_comment_both_sides(client, quality_officer, review_a):
    client.force_login(quality_officer)
    url = reverse("reports:review_comment", args=[review_a.pk])
    form = client.get(url).content.decode()
    assert 'name="C1_of"' in form and 'name="C15_tp"' in form
    response = client.post(
        url,
        {"C1_of": "Deux leviers par parcours.", "C4_tp": "Retours en 12 jours en médiane."},
        follow=True,
    )
    assert messages(response) == ["Commentaires enregistrés."]
    review_a.refresh_from_db()
    assert review_a.comments["C1"] == {"of": "Deux leviers par parcours.", "tp": ""}
    assert review_a.comments["C4"] == {"of": "", "tp": "Retours en 12 jours en médiane."}
    assert review_a.figures == InterimReview.objects.get(pk=review_a.pk).figures
    assert "Retours en 12 jours en médiane." in response.content.decode()
    assert review_a.history.first().history_user == quality_officer


def test_the_of_comments_its_side_only(client, quality_officer, member_a, review_a):
    services.comment_interim_review(
        review_a, {"C4": {"of": "", "tp": "Retours rapides."}}, quality_officer
    )
    client.force_login(member_a)
    url = reverse("reports:review_comment", args=[review_a.pk])
    [link] = parse(_detail(client, review_a)).xpath(f"//main//a[@href='{url}']")
    assert text(link) == "Commenter le bilan"
    form = client.get(url)
    assert {"C4_of"} <= field_names(form)
    assert "C4_tp" not in field_names(form)
    # the other side, to read
    assert [p for p in texts(form, "//main//form//p") if p.endswith(": Retours rapides.")]
    client.post(url, {"C4_of": "Merci pour ces retours.", "C4_tp": "Piraté."})
    review_a.refresh_from_db()
    assert review_a.comments["C4"] == {"of": "Merci pour ces retours.", "tp": "Retours rapides."}


def test_b_cannot_see_comment_or_download_a_s_review(client, member_b, review_a):
    client.force_login(member_b)
    for name in ("review_detail", "review_comment", "review_workbook", "review_csv"):
        assert client.get(reverse(f"reports:{name}", args=[review_a.pk])).status_code == 404
    response = client.post(reverse("reports:review_comment", args=[review_a.pk]), {"C1_of": "x"})
    assert response.status_code == 404
    assert "C1" not in InterimReview.objects.get(pk=review_a.pk).comments


def test_the_of_reads_its_review_but_not_the_network_s(
    client, member_a, quality_officer, review_a, records
):
    network = services.generate_interim_review(PERIOD, Scope(), quality_officer)
    client.force_login(member_a)
    assert client.get(reverse("reports:review_detail", args=[review_a.pk])).status_code == 200
    assert client.get(reverse("reports:review_detail", args=[network.pk])).status_code == 404
    page = client.get(reverse("reports:my_dashboard")).content.decode()
    assert reverse("reports:review_detail", args=[review_a.pk]) in page
    workbook = client.get(reverse("reports:review_workbook", args=[review_a.pk]))
    assert workbook.status_code == 200
    assert "bilan-intermediaire-organisme-" in workbook["Content-Disposition"]


def test_a_period_that_ends_before_it_starts_is_refused(client, quality_officer, edition):
    client.force_login(quality_officer)
    response = client.post(CREATE, {"start": "2022-06-30", "end": "2022-01-01"})
    assert "La fin de la période doit suivre son début." in response.content.decode()
    assert not InterimReview.objects.exists()


def test_the_review_list_shows_every_review(client, commission_member, review_a):
    client.force_login(commission_member)
    page = client.get(reverse("reports:review_list")).content.decode()
    assert reverse("reports:review_detail", args=[review_a.pk]) in page
    assert "Générer un bilan intermédiaire" not in page


def test_the_ptp_trainees_declared_for_the_review_give_the_individualised_share(
    client, quality_officer, org_a, records
):
    """A declares 2 PTP trainees; its accepted individualised path is PA1: 1 / 2 = 50.0 %."""
    client.force_login(quality_officer)
    response = client.post(
        CREATE, {"organisation": org_a.pk, **PERIOD_2022, "declared_ptp_trainees": "2"}, follow=True
    )
    review = InterimReview.objects.get()
    assert review.declared_ptp_trainees == 2
    assert {row["code"]: row["value"] for row in review.figures}["individualised_share"] == 50.0
    page = html.unescape(response.content.decode())
    assert "Stagiaires PTP déclarés par l'organisme pour la période : 2." in page
