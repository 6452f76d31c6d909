"""reports.services.comment_interim_review: each party writes its own side of the comments (C9);
what the other party stored, even a moment before, is kept as it is."""

import datetime

import pytest

from reports import services
from reports.commitments import OF, TP
from reports.dataset import Period, Scope
from reports.models import InterimReview

pytestmark = pytest.mark.django_db

PERIOD = Period(datetime.date(2022, 1, 1), datetime.date(2022, 6, 30))


@pytest.fixture
def review_a(org_a, quality_officer):
    return services.generate_interim_review(PERIOD, Scope(org_a.pk), quality_officer)


def test_the_of_side_is_written_and_the_tp_side_kept(review_a, quality_officer, member_a):
    services.comment_interim_review(
        review_a, {"C4": {"of": "", "tp": "Retours rapides."}}, quality_officer
    )
    # the OF's form was opened before Transitions Pro wrote: its copy has no TP comment
    stale = InterimReview.objects.get(pk=review_a.pk)
    stale.comments = {}

    services.comment_interim_review(
        stale,
        {
            "C4": {"of": "  Merci pour ces retours.  ", "tp": "Piraté."},
            "C1": {"of": "Deux leviers."},
        },
        member_a,
        sides=[OF],
    )

    stored = InterimReview.objects.get(pk=review_a.pk).comments
    assert stored["C4"] == {"of": "Merci pour ces retours.", "tp": "Retours rapides."}
    assert stored["C1"] == {"of": "Deux leviers.", "tp": ""}
    assert stale.comments == stored  # the caller sees what is stored
    assert review_a.history.first().history_user == member_a


def test_a_commitment_left_out_is_emptied_on_the_writer_s_side_only(review_a, quality_officer):
    services.comment_interim_review(
        review_a, {"C2": {"of": "Concertation faite.", "tp": "Vu en commission."}}, quality_officer
    )

    services.comment_interim_review(review_a, {}, quality_officer, sides=[TP])

    stored = InterimReview.objects.get(pk=review_a.pk).comments
    assert stored["C2"] == {"of": "Concertation faite.", "tp": ""}


def test_unknown_commitments_and_sides_are_not_stored(review_a, quality_officer):
    services.comment_interim_review(
        review_a, {"C99": {"of": "x"}, "C3": {"of": "Suivi.", "other": "y"}}, quality_officer
    )

    stored = InterimReview.objects.get(pk=review_a.pk).comments
    assert "C99" not in stored
    assert stored["C3"] == {"of": "Suivi.", "tp": ""}
    assert stored.keys() == {f"C{n}" for n in range(1, 16)}


def test_the_figures_stay_as_generated(review_a, quality_officer):
    figures = review_a.figures

    services.comment_interim_review(review_a, {"C1": {"tp": "Bien."}}, quality_officer)

    assert InterimReview.objects.get(pk=review_a.pk).figures == figures
