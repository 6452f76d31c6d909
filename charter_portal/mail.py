"""Sending a French email, plain text and HTML, from a pair of templates — through the worker.

The message is rendered in the request (so it says what was true then) and stored as an
``OutboxEmail`` row; the worker sends it (``charter_portal.tasks.send_outbox_email``), retrying with
back-off until it is sent. In tests the tasks run immediately, so the message is in ``mail.outbox``
as soon as the helper returns.
"""

import base64
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from accounts.models import User
    from charter_portal.models import OutboxEmail

# minutes to wait after the 1st, 2nd, … failed attempt (then every 12 hours, never given up)
RETRY_DELAYS_MINUTES = (1, 5, 15, 60, 180, 720)


def send_templated(
    template: str,
    recipients: list[str],
    context: dict[str, Any],
    attachments: list[tuple[str, bytes, str]] | None = None,
    event: str | None = None,
) -> int:
    """Render templates/<template>.txt, .html and _subject.txt, and queue one message.

    Recipients are deduplicated and blank addresses dropped; nothing is sent to nobody.
    ``attachments`` are (filename, content, mimetype) triples. ``event`` names the kind of event
    (see ``charter_portal.preferences``) so each person's choice applies (at once, in the daily
    digest, not at all); without it the message goes at once to everyone. Each person gets it in
    the language they chose. Returns the number of messages queued (one per language).
    """
    from charter_portal import preferences

    to = sorted({address.strip().lower() for address in recipients if address and address.strip()})
    if not to:
        return 0
    context = {"site_url": settings.SITE_URL, **context}
    now, digest = preferences.split(to, event)
    queued = 0
    for language, addresses in sorted(now.items()):
        subject, text, html = _render(template, context, context.get("language") or language)
        _queue(template, addresses, subject, text, html, attachments)
        queued += 1
    if digest and event:  # only a kind of event can wait for the digest
        _hold_for_digest(template, context, event, digest)
    return queued


def _render(template: str, context: dict[str, Any], language: str) -> tuple[str, str, str]:
    """Subject, text and HTML in one language, with the link to the email preferences."""
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        text: str = render_to_string(f"{template}.txt", context)
        html: str = render_to_string(f"{template}.html", context)
        link = settings.SITE_URL + reverse("reminders:preferences")
        footer = _("Choisir les emails que vous recevez du portail, ou vous désabonner :")
    text = f"{text.rstrip()}\n\n-- \n{footer}\n{link}\n"
    note = (
        f'<p style="font-size: 13px; color: #4a5568;">{escape(footer)} '
        f'<a href="{escape(link)}" style="color: #0b4f8a;">{escape(link)}</a></p>'
    )
    html = html.replace("</body>", f"  {note}\n</body>") if "</body>" in html else html + note
    return " ".join(subject.split())[:500], text, html


def _queue(
    template: str,
    to: list[str],
    subject: str,
    text: str,
    html: str,
    attachments: list[tuple[str, bytes, str]] | None,
) -> None:
    from charter_portal.models import OutboxEmail
    from charter_portal.tasks import send_outbox_email

    email = OutboxEmail.objects.create(
        template=template,
        to=to,
        subject=subject,
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


def _hold_for_digest(
    template: str, context: dict[str, Any], event: str, users: "list[User]"
) -> None:
    """Keep one line per person for their next daily digest: the subject and the first link."""
    from charter_portal.models import DigestItem
    from charter_portal.preferences import for_user

    rows = []
    for user in users:
        subject, text, _html = _render(template, context, for_user(user).language)
        links = [word for word in text.split() if word.startswith(settings.SITE_URL)]
        rows.append(
            DigestItem(user=user, event=event, subject=subject, link=links[0] if links else "")
        )
    DigestItem.objects.bulk_create(rows)


def deliver(email: "OutboxEmail") -> bool:
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
