# One unrevoked trainee link per path becomes a database constraint; the alert's own
# idempotency key goes (API retries use the one Idempotency-Key mechanism of charter_portal).

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('alerts', '0003_retire_duplicate_trainee_links'),
        ('paths', '0003_proposal_newest_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='alert',
            name='one_alert_per_idempotency_key',
        ),
        migrations.RemoveField(
            model_name='alert',
            name='idempotency_key',
        ),
        migrations.RemoveField(
            model_name='historicalalert',
            name='idempotency_key',
        ),
        migrations.AddConstraint(
            model_name='traineelink',
            constraint=models.UniqueConstraint(condition=models.Q(('revoked_at__isnull', True)), fields=('proposal',), name='one_unrevoked_trainee_link_per_path', violation_error_message="Un lien valable existe déjà pour ce parcours : révoquez-le avant d'en créer un autre."),
        ),
    ]
