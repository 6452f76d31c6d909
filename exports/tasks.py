"""The exports' work, run by the worker."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from charter_portal.mail import send_templated
from exports import builders
from exports.models import KEPT_HOURS, Export, ExportStatus

# an export still pending or building this long after it was asked for has lost its task or its
# worker (a deployment, a crash): the national workbook takes under a minute
LOST_AFTER = timedelta(minutes=20)
MAX_ATTEMPTS = 3


def _advance(export_id: int, value: int) -> int:
    """Move the progress forward (never back), seen at once by whoever polls it."""
    return Export.objects.filter(pk=export_id, progress__lt=value).update(progress=value)


def _follower(export_id: int):
    """The builder's fractions 0–1 shown as 10–90 %, written only when the percentage moves."""
    last = [10]

    def follow(fraction: float) -> None:
        value = round(10 + 80 * fraction)
        if value > last[0]:
            last[0] = value
            _advance(export_id, value)

    return follow


@task()
def build_export(export_id: int) -> str:
    """Build the file, store it for 48 hours, and email its link to the person who asked."""
    # claimed once: a second worker (or a retry) finds it no longer pending
    claimed = Export.objects.filter(pk=export_id, status=ExportStatus.PENDING).update(
        status=ExportStatus.RUNNING, progress=10, attempts=F("attempts") + 1
    )
    if not claimed:
        return "gone"
    export = Export.objects.select_related("requested_by").get(pk=export_id)
    with translation.override(export.language):
        try:
            content, filename, content_type = builders.build(
                export.kind, export.params, export.requested_by, _follower(export_id)
            )
        except Exception as error:  # the person is told it failed; the error stays for staff
            _fail(export, f"{type(error).__name__}: {error}")
            return export.status
        _advance(export_id, 90)
        with transaction.atomic():
            export.file.save(filename, ContentFile(content), save=False)
            export.filename = filename
            export.content_type = content_type
            export.status = ExportStatus.DONE
            export.progress = 100
            export.finished_at = timezone.now()
            export.expires_at = export.finished_at + timedelta(hours=KEPT_HOURS)
            export.save()
            _notify(export)
    return export.status


def _fail(export: Export, error: str) -> None:
    export.status = ExportStatus.FAILED
    export.error = error[:2000]
    export.finished_at = timezone.now()
    export.save(update_fields=["status", "error", "finished_at"])
    _notify(export)


@task()
def requeue_lost_exports() -> int:
    """Every 30 minutes: an export asked for over 20 minutes ago and still pending or building
    lost its task or its worker; it is queued again (a build starts afresh), or, after
    MAX_ATTEMPTS builds, marked failed and its owner told. How many were queued again."""
    now = timezone.now()
    lost = Export.objects.filter(
        status__in=[ExportStatus.PENDING, ExportStatus.RUNNING],
        created_at__lte=now - LOST_AFTER,
        expires_at__gt=now,
    ).select_related("requested_by")
    count = 0
    for export in lost:
        if export.attempts >= MAX_ATTEMPTS:
            _give_up(export)
            continue
        # back to pending only if nothing moved it meanwhile; a pending one keeps its place
        Export.objects.filter(pk=export.pk, status=ExportStatus.RUNNING).update(
            status=ExportStatus.PENDING, progress=0
        )
        build_export.enqueue(export.pk)
        count += 1
    return count


def _give_up(export: Export) -> None:
    """Mark failed an export whose builds never finished, and tell its owner; unless a build
    finished (or started again) since it was read: then it is left as that build made it."""
    error = f"abandoned after {export.attempts} builds that never finished"
    now = timezone.now()
    given_up = Export.objects.filter(
        pk=export.pk, status=export.status, attempts=export.attempts
    ).update(status=ExportStatus.FAILED, error=error, finished_at=now)
    if given_up:
        export.status, export.error, export.finished_at = ExportStatus.FAILED, error, now
        _notify(export)


def _notify(export: Export) -> None:
    send_templated(
        "emails/export_ready",
        [export.requested_by.email],
        {
            "export": export,
            "done": export.status == ExportStatus.DONE,
            "kind_label": export.get_kind_display(),
            "path": reverse("exports:export_detail", args=[export.pk]),
            "language": export.language,
        },
    )


@task()
def delete_expired_exports() -> int:
    """Hourly: files older than 48 hours are deleted, with their row."""
    count = 0
    for export in Export.objects.expired():
        if export.file:
            export.file.delete(save=False)
        export.delete()
        count += 1
    return count
