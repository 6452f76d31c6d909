"""Sending a French email, plain text and HTML, from a pair of templates."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def send_templated(template: str, recipients: list[str], context: dict, attachments=None) -> int:
    """Render templates/<template>.txt, .html and _subject.txt, and send one message.

    Recipients are deduplicated and blank addresses dropped; nothing is sent to nobody.
    `attachments` is a list of (filename, bytes, mimetype).
    """
    to = sorted({address.strip().lower() for address in recipients if address and address.strip()})
    if not to:
        return 0
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=text, to=to)
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    return message.send()
