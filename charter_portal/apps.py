from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CharterPortalConfig(AppConfig):
    name = "charter_portal"
    verbose_name = "Portail de la charte"

    def ready(self) -> None:
        from charter_portal.roles import sync_role_groups

        post_migrate.connect(sync_role_groups, dispatch_uid="charter_portal_sync_roles")
