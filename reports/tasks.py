"""The stored report workbooks, built by the worker (issue 10).

A snapshot (interim review, annual report, dialogue meeting) is stored at once with its frozen
figures; its workbook and CSV are written here, from those frozen figures, then whoever waits for
them is told: the organisation for an annual report, the staff member who generated the others.
"""

import tempfile
from datetime import timedelta

from django.apps import apps
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from charter_portal.history import save_with_history
from reports import details, notifications
from reports import report as reports
from reports.exports import csv as csv_export
from reports.exports import xlsx
from reports.exports.labels import workbook_labels

# the snapshot models whose files the worker writes, by their model label
MODELS = ("reports.interimreview", "reports.annualreport", "reports.dialoguemeeting")


def title(snapshot) -> str:
    """The workbook's title, in the active language."""
    name = snapshot._meta.model_name
    if name == "interimreview":
        text = _("Bilan intermédiaire de la charte — %(scope)s")
    elif name == "annualreport":
        text = _("Rapport annuel PTP — %(scope)s")
    else:
        text = _("Réunion de dialogue — %(scope)s")
    return text % {"scope": snapshot.scope_label}


@task()
def build_snapshot_files(model_label: str, snapshot_id: int, language: str = "fr") -> str:
    """Write the snapshot's workbook and CSV once; a snapshot that already has them is left as
    it is (snapshots never change), so running this twice writes nothing the second time.

    The files are built without holding the snapshot's row (a national workbook takes seconds,
    and a comment on the review locks that row), then stored under its lock if no other run
    stored them meanwhile."""
    if model_label not in MODELS:
        raise ValueError(model_label)
    model = apps.get_model(model_label)
    snapshots = model.objects.select_related("organisation", "generated_by")
    snapshot = snapshots.filter(pk=snapshot_id).first()
    if snapshot is None:
        return "gone"
    if snapshot.files_ready:
        return "ready"
    with translation.override(language), tempfile.TemporaryFile() as handle:
        frozen = reports.from_snapshot(snapshot)
        xlsx.write(
            frozen,
            details.tables(frozen.period, frozen.scope),
            handle,
            workbook_labels(title(snapshot)),
        )
        csv_content = csv_export.write(frozen)
        with transaction.atomic():
            snapshot = snapshots.select_for_update(of=("self",)).filter(pk=snapshot_id).first()
            if snapshot is None:
                return "gone"
            if snapshot.files_ready:  # another run stored them while this one built its own
                return "ready"
            stem = f"{model._meta.model_name}-{snapshot.pk}-v{snapshot.version}"
            handle.seek(0)
            snapshot.workbook.save(f"{stem}.xlsx", File(handle), save=False)
            snapshot.csv_file.save(f"{stem}.csv", ContentFile(csv_content), save=False)
            save_with_history(
                snapshot,
                snapshot.generated_by,
                validate=False,
                update_fields=["workbook", "csv_file"],
            )
            if model_label == "reports.annualreport":
                for request in snapshot.requests.select_related("organisation"):
                    notifications.annual_report_ready(request)
            else:
                notifications.snapshot_ready(snapshot)
    return "built"


@task()
def build_missing_snapshot_files() -> int:
    """Every 30 minutes: a snapshot still without its files 10 minutes after it was generated
    (its task failed, or was lost) is queued again; how many were."""
    since = timezone.now() - timedelta(minutes=10)
    count = 0
    for label in MODELS:
        model = apps.get_model(label)
        missing = model.objects.filter(generated_at__lte=since).filter(
            Q(workbook="") | Q(csv_file="")
        )
        for pk in missing.values_list("pk", flat=True):
            build_snapshot_files.enqueue(label, pk)
            count += 1
    return count


def build_files_later(snapshot) -> None:
    """Queue the snapshot's files (inside the caller's transaction: the task row is written with
    the snapshot, or neither is)."""
    build_snapshot_files.enqueue(
        snapshot._meta.label_lower, snapshot.pk, translation.get_language() or "fr"
    )
    # where tasks run at once (tests, the demo), the caller sees the files just written
    snapshot.refresh_from_db(fields=["workbook", "csv_file"])
