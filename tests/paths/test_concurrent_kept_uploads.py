"""A file kept after a form error (issue 11) is used once, even when the form is sent twice at
the same moment (a double click on « Enregistrer »)."""

from paths import services
from paths.models import PathProposal, PendingUpload
from tests.concurrency import RACES_ON_POSTGRESQL, at_once
from tests.factories import complete_draft
from tests.paths.test_kept_uploads import programme

pytestmark = RACES_ON_POSTGRESQL


def test_a_kept_file_sent_twice_at_once_becomes_one_attachment(member_a, org_a):
    proposal = complete_draft(org_a)
    proposal.attachments.all().delete()
    pending = PendingUpload.objects.create(
        user=member_a, proposal=proposal, kind="programme", file=programme()
    )

    def prepare():
        # what each request's view reads before the service: the draft and the kept file
        return (
            PathProposal.objects.get(pk=proposal.pk),
            list(PendingUpload.objects.filter(pk=pending.pk)),
        )

    def work(prepared):
        draft, kept = prepared
        return services.save_proposal(draft, member_a, kept=kept)

    at_once(work, 2, prepare)
    assert [attachment.kind for attachment in proposal.attachments.all()] == ["programme"]
    assert not PendingUpload.objects.exists()
