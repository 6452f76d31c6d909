"""The trainee's link: a signed token naming one TraineeLink (its id, nonce and path).

The signature stops anyone from editing the token to reach another link or another path; the
nonce stored with the link is what revoking it throws away, so a revoked URL never works again.
"""

from django.core import signing
from django.urls import reverse

from alerts.models import TraineeLink

SALT = "alerts.trainee-link"


class LinkRefused(Exception):
    """The token is not a link's, or the link is revoked or expired (`reason` says which)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def make_token(link: TraineeLink) -> str:
    return signing.Signer(salt=SALT).sign_object(
        {"l": link.pk, "n": link.nonce, "p": link.proposal_id}
    )


def path_for(link: TraineeLink) -> str:
    return reverse("alerts:trainee_alert", args=[make_token(link)])


def resolve(token: str, *, for_update: bool = False) -> TraineeLink:
    """The usable link a token names, or LinkRefused("invalid" | "revoked" | "expired")."""
    try:
        payload = signing.Signer(salt=SALT).unsign_object(token)
        link_id, nonce, proposal_id = payload["l"], payload["n"], payload["p"]
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise LinkRefused("invalid") from exc
    queryset = TraineeLink.objects.select_related("proposal__organisation")
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    link = queryset.filter(pk=link_id, nonce=nonce, proposal_id=proposal_id).first()
    if link is None:
        raise LinkRefused("invalid")
    if link.is_revoked:
        raise LinkRefused("revoked")
    if link.is_expired:
        raise LinkRefused("expired")
    return link
