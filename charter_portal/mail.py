"""Sending a French email, plain text and HTML, from a pair of templates — through the worker.

The message is rendered in the request (so it says what was true then) and stored as an
``OutboxEmail`` row; the worker sends it (``charter_portal.tasks.send_outbox_email``), retrying with
back-off until it is sent. In tests the tasks run immediately, so the message is in ``mail.outbox``
as soon as the helper returns.
"""

import base64
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation

# minutes to wait after the 1st, 2nd, … failed attempt (then every 12 hours, never given up)
RETRY_DELAYS_MINUTES = (1, 5, 15, 60, 180, 720)


def send_templated(
    template: str,
    recipients: list[str],
    context: dict,
    attachments: list[tuple[str, bytes, str]] | None = None,
    event: str | None = None,
) -> int:
    """Render templates/<template>.txt, .html and _subject.txt, and queue one message.

    Recipients are deduplicated and blank addresses dropped; nothing is sent to nobody.
    ``attachments`` are (filename, content, mimetype) triples. ``event`` names the kind of event
    (see ``reminders.preferences``) so each person's email preferences apply; without it the
    message goes at once to everyone. Returns 1 when a message was queued.
    """
    from charter_portal.models import OutboxEmail
    from charter_portal.tasks import send_outbox_email

    to = sorted({address.strip().lower() for address in recipients if address and address.strip()})
    if not to:
        return 0
    context = {"site_url": settings.SITE_URL, **context}
    language = context.get("language") or settings.LANGUAGE_CODE
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    email = OutboxEmail.objects.create(
        template=template,
        to=to,
        subject=" ".join(subject.split())[:500],
        body_text=text,
        body_html=html,
        attachments=[
            {
                "filename": filename,
                "mimetype": mimetype,
                "content": base64.b64encode(content).decode("ascii"),
            }
            for filename, content, mimetype in attachments or []
        ],
    )
    # the task row is written in the same transaction as the outbox row: both or neither
    send_outbox_email.enqueue(email.pk)
    return 1


def deliver(email) -> bool:
    """Send one outbox row now. On failure, count the attempt and set when to try again."""
    if email.status == email.Status.SENT:
        return True
    message = EmailMultiAlternatives(subject=email.subject, body=email.body_text, to=email.to)
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for item in email.attachments:
        message.attach(item["filename"], base64.b64decode(item["content"]), item["mimetype"])
    email.attempts += 1
    try:
        message.send()
    except Exception as error:  # SMTP refused, timed out, DNS…: keep the row and retry later
        delay = RETRY_DELAYS_MINUTES[min(email.attempts, len(RETRY_DELAYS_MINUTES)) - 1]
        email.last_error = f"{type(error).__name__}: {error}"[:2000]
        email.next_attempt_at = timezone.now() + timedelta(minutes=delay)
        email.save(update_fields=["attempts", "last_error", "next_attempt_at"])
        return False
    email.status = email.Status.SENT
    email.sent_at = timezone.now()
    email.next_attempt_at = None
    email.save(update_fields=["attempts", "status", "sent_at", "next_attempt_at"])
    return True
