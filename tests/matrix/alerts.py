"""Permission matrix rows for the alerts app: B never reaches A's alerts, threads, files or links."""

from django.core.files.base import ContentFile
from django.urls import reverse

from alerts import links, services
from alerts.models import AlertAttachment
from tests.factories import PDF_BYTES, AlertFactory, PathProposalFactory, TraineeLinkFactory
from tests.matrix import API_READ, OWN_ORGANISATION, PUBLIC, expect

# who follows alerts: the quality officer acts, the path analyst reads, the commission does not
ALERT_READ = expect(200, anonymous=302, member_a=404, member_b=404, commission=403)
ALERT_ACT = expect(302, member_a=404, member_b=404, path_analyst=403, commission=403)
MY_ALERTS = expect(404, anonymous=302, member_a=200, member_b=200)
API_ALERT_OF_A = expect(200, anonymous=401, member_b=404, commission=404)
# OF members, path analysts and the commission may not act
API_STAFF_ACT = expect(403, anonymous=401, quality_officer=200, administrator=200)


def _alert(w, key="alert_a"):
    return w[key].pk


ROWS = {
    # OF members
    "alerts:my_alerts": ("get", lambda w: reverse("alerts:my_alerts"), MY_ALERTS, None),
    "alerts:my_alert_create": (
        "get",
        lambda w: reverse("alerts:my_alert_create"),
        MY_ALERTS,
        None,
    ),
    "alerts:my_alert_detail": (
        "get",
        lambda w: reverse("alerts:my_alert_detail", args=[_alert(w)]),
        OWN_ORGANISATION,
        None,
    ),
    "alerts:my_alert_message": (
        "post",
        lambda w: reverse("alerts:my_alert_message", args=[_alert(w)]),
        expect(404, anonymous=302, member_a=302),
        {"body": "Le stagiaire reprend lundi."},
    ),
    "alerts:my_alert_attach": (
        "post",
        lambda w: reverse("alerts:my_alert_attach", args=[_alert(w)]),
        expect(404, anonymous=302, member_a=400),  # no file sent: the form says so
        {},
    ),
    "alerts:trainee_links": ("get", lambda w: reverse("alerts:trainee_links"), MY_ALERTS, None),
    "alerts:trainee_link_revoke": (
        "post",
        lambda w: reverse("alerts:trainee_link_revoke", args=[w["trainee_link_a"].pk]),
        expect(404, anonymous=302, member_a=302),
        {},
    ),
    # staff
    "alerts:alert_queue": ("get", lambda w: reverse("alerts:alert_queue"), ALERT_READ, None),
    "alerts:alert_export": ("get", lambda w: reverse("alerts:alert_export"), ALERT_READ, None),
    "alerts:alert_detail": (
        "get",
        lambda w: reverse("alerts:alert_detail", args=[_alert(w)]),
        ALERT_READ,
        None,
    ),
    "alerts:alert_acknowledge": (
        "post",
        lambda w: reverse("alerts:alert_acknowledge", args=[_alert(w)]),
        ALERT_ACT,
        {},
    ),
    "alerts:alert_assign": (
        "post",
        lambda w: reverse("alerts:alert_assign", args=[_alert(w)]),
        ALERT_ACT,
        {"take": "1"},
    ),
    "alerts:alert_follow_up": (
        "post",
        lambda w: reverse("alerts:alert_follow_up", args=[_alert(w, "alert_ack_a")]),
        ALERT_ACT,
        {},
    ),
    "alerts:alert_close": (
        "post",
        lambda w: reverse("alerts:alert_close", args=[_alert(w, "alert_ack_a")]),
        ALERT_ACT,
        {"outcome": "secured", "comment": "Parcours maintenu."},
    ),
    "alerts:alert_message": (
        "post",
        lambda w: reverse("alerts:alert_message", args=[_alert(w)]),
        ALERT_ACT,
        {"body": "Appel prévu demain.", "internal": "on"},
    ),
    # both: files follow the alert's visibility
    "alerts:attachment": (
        "get",
        lambda w: reverse("alerts:attachment", args=[w["alert_attachment_a"].pk]),
        expect(200, anonymous=404, member_b=404, commission=404),
        None,
    ),
    # trainees, no account: the link is the key
    "alerts:trainee_alert": (
        "get",
        lambda w: reverse("alerts:trainee_alert", args=[w["trainee_token_a"]]),
        PUBLIC,
        None,
    ),
    "alerts:trainee_thanks": (
        "get",
        lambda w: reverse("alerts:trainee_thanks", args=[w["trainee_token_a"]]),
        PUBLIC,
        None,
    ),
    # API
    "api:alert-list": ("get", lambda w: reverse("api:alert-list"), API_READ, None),
    "api:alert-detail": (
        "get",
        lambda w: reverse("api:alert-detail", args=[_alert(w)]),
        API_ALERT_OF_A,
        None,
    ),
    "api:alert-acknowledge": (
        "post",
        lambda w: reverse("api:alert-acknowledge", args=[_alert(w)]),
        API_STAFF_ACT,
        {},
    ),
    "api:alert-assign": (
        "post",
        lambda w: reverse("api:alert-assign", args=[_alert(w)]),
        API_STAFF_ACT,
        {"assigned_to": ""},
    ),
    "api:alert-follow-up": (
        "post",
        lambda w: reverse("api:alert-follow-up", args=[_alert(w, "alert_ack_a")]),
        API_STAFF_ACT,
        {},
    ),
    "api:alert-close": (
        "post",
        lambda w: reverse("api:alert-close", args=[_alert(w, "alert_ack_a")]),
        API_STAFF_ACT,
        {"outcome": "secured"},
    ),
    "api:alert-messages": (
        "get",
        lambda w: reverse("api:alert-messages", args=[_alert(w)]),
        API_ALERT_OF_A,
        None,
    ),
    "api:alert-attachments": (
        "get",
        lambda w: reverse("api:alert-attachments", args=[_alert(w)]),
        API_ALERT_OF_A,
        None,
    ),
    "api:alert-attachment-file": (
        "get",
        lambda w: reverse(
            "api:alert-attachment-file", args=[_alert(w), w["alert_attachment_a"].pk]
        ),
        API_ALERT_OF_A,
        None,
    ),
    "api:trainee-link-list": ("get", lambda w: reverse("api:trainee-link-list"), API_READ, None),
    "api:trainee-link-detail": (
        "get",
        lambda w: reverse("api:trainee-link-detail", args=[w["trainee_link_a"].pk]),
        API_ALERT_OF_A,
        None,
    ),
    "api:trainee-link-revoke": (
        "post",
        lambda w: reverse("api:trainee-link-revoke", args=[w["trainee_link_a"].pk]),
        expect(403, anonymous=401, member_a=200, member_b=404),
        {},
    ),
}


NEW_ALERT = {
    "category": "dropout_risk",
    "description": "Absences répétées depuis deux semaines.",
    "trainee_reference": "STG-900",
}


API_WRITES = [
    # each OF member raises alerts for their own organisation; staff do not raise alerts
    (
        "post",
        lambda w: reverse("api:alert-list"),
        NEW_ALERT,
        expect(403, anonymous=401, member_a=201, member_b=201),
    ),
    # an alert is never edited after the fact, by anyone
    (
        "patch",
        lambda w: reverse("api:alert-detail", args=[_alert(w)]),
        {"severity": "low"},
        expect(403, anonymous=401),
    ),
    (
        "post",
        lambda w: reverse("api:alert-close", args=[_alert(w, "alert_ack_a")]),
        {"outcome": "secured", "comment": "Parcours maintenu."},
        API_STAFF_ACT,
    ),
    # an illegal move is a clear 400 for those who may act
    (
        "post",
        lambda w: reverse("api:alert-close", args=[_alert(w)]),
        {"outcome": "secured"},
        expect(403, anonymous=401, quality_officer=400, administrator=400),
    ),
    # internal notes: staff only; A's members are told no, B's do not find the alert
    (
        "post",
        lambda w: reverse("api:alert-messages", args=[_alert(w)]),
        {"body": "Note pour l'équipe.", "internal": True},
        expect(
            403, anonymous=401, member_a=400, member_b=404, quality_officer=201, administrator=201
        ),
    ),
    (
        "post",
        lambda w: reverse("api:alert-messages", args=[_alert(w)]),
        {"body": "Le stagiaire a repris."},
        expect(
            403, anonymous=401, member_a=201, member_b=404, quality_officer=201, administrator=201
        ),
    ),
]


def extend_world(world):
    org_a = world["org_a"]
    officer = world["users"]["quality_officer"]
    proposal_a = PathProposalFactory(organisation=org_a)
    alert_a = AlertFactory(organisation=org_a, proposal=proposal_a, trainee_reference="")
    services.post_message(alert_a, officer, "Note interne de suivi.", internal=True)
    attachment = AlertAttachment(
        alert=alert_a, name="attestation.pdf", content_type="application/pdf", size=len(PDF_BYTES)
    )
    attachment.file.save("attestation.pdf", ContentFile(PDF_BYTES))
    alert_ack_a = AlertFactory(organisation=org_a)
    services.acknowledge(alert_ack_a.pk, officer)
    link = TraineeLinkFactory(proposal=proposal_a)
    world.update(
        alert_proposal_a=proposal_a,
        alert_a=alert_a,
        alert_ack_a=alert_ack_a,
        alert_attachment_a=attachment,
        trainee_link_a=link,
        trainee_token_a=links.make_token(link),
    )
