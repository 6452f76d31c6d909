"""Every proposal gets a reference PP-YYYY-NNNN, numbered per year, never given twice — not even
after a proposal is deleted in the admin."""

import datetime
import re

from django.urls import reverse

from paths import services
from paths.models import PathProposal


def _new_draft(user, organisation, trainee="STG-1"):
    return services.save_proposal(
        PathProposal(
            organisation=organisation,
            trainee_reference=trainee,
            target_job="Soudeur assembleur",
            certification_code="RNCP35625",
            certification_title="Soudeur assembleur industriel",
            start_date=datetime.date(2022, 9, 5),
            end_date=datetime.date(2023, 3, 31),
            schedule="full_time",
        ),
        user,
        levers=[],
        modules=[],
    )


def test_references_are_numbered_per_year(member_a, org_a, on_day):
    on_day(datetime.date(2022, 3, 15))
    first = _new_draft(member_a, org_a)
    second = _new_draft(member_a, org_a)
    on_day(datetime.date(2023, 1, 2))
    next_year = _new_draft(member_a, org_a)
    assert [first.reference, second.reference, next_year.reference] == [
        "PP-2022-0001",
        "PP-2022-0002",
        "PP-2023-0001",
    ]
    assert re.fullmatch(r"PP-\d{4}-\d{4}", first.reference)


def test_a_reference_is_never_reused_after_a_deletion_in_the_admin(
    client, member_a, org_a, administrator, on_day
):
    on_day(datetime.date(2022, 3, 15))
    _new_draft(member_a, org_a)
    deleted = _new_draft(member_a, org_a)
    client.force_login(administrator)
    response = client.post(
        reverse("admin:paths_pathproposal_delete", args=[deleted.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not PathProposal.objects.filter(reference="PP-2022-0002").exists()

    assert _new_draft(member_a, org_a).reference == "PP-2022-0003"


def test_the_admin_shows_the_reference_but_does_not_let_anyone_type_one(
    client, member_a, org_a, administrator
):
    proposal = _new_draft(member_a, org_a)
    client.force_login(administrator)
    page = client.get(reverse("admin:paths_pathproposal_change", args=[proposal.pk]))
    assert proposal.reference in page.content.decode()
    assert 'name="reference"' not in page.content.decode()
    assert client.get(reverse("admin:paths_pathproposal_add")).status_code == 403
