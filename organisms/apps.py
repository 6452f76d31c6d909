from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class OrganismsConfig(AppConfig):
    name = "organisms"
    verbose_name = _("Organismes et charte")

    def ready(self):
        from organisms.search import register_sqlite_fold

        connection_created.connect(register_sqlite_fold, dispatch_uid="organisms_sqlite_fold")
