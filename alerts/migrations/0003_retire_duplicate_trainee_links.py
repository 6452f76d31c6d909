# Before "one unrevoked trainee link per path" becomes a constraint: where concurrent requests
# made several, the newest usable one stays and the others are revoked (their alerts stay).

from django.db import migrations
from django.utils import timezone


def retire_duplicates(apps, schema_editor):
    TraineeLink = apps.get_model("alerts", "TraineeLink")
    now = timezone.now()
    today = timezone.localdate()
    kept = {}
    links = TraineeLink.objects.filter(revoked_at__isnull=True).order_by("proposal_id")
    for link in links:
        usable = link.expires_on is None or link.expires_on >= today
        rank = (usable, link.created_at, link.pk)
        best = kept.get(link.proposal_id)
        if best is None or rank > best[0]:
            kept[link.proposal_id] = (rank, link.pk)
    keep_ids = [pk for _rank, pk in kept.values()]
    TraineeLink.objects.filter(revoked_at__isnull=True).exclude(pk__in=keep_ids).update(
        revoked_at=now
    )


class Migration(migrations.Migration):

    dependencies = [
        ("alerts", "0002_observed_on_bounds"),
    ]

    operations = [
        migrations.RunPython(retire_duplicates, migrations.RunPython.noop),
    ]
