"""createuser EMAIL --role ROLE [--organisation SIRET] [--password-stdin] [--api-token]"""

import sys

from django.core.management.base import BaseCommand, CommandError

from accounts import services
from charter_portal import roles
from organisms.models import Organisation


class Command(BaseCommand):
    help = "Create (or update) a portal account with a role; prints the API token last with --api-token."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--role", required=True, choices=roles.ALL_ROLES)
        parser.add_argument("--organisation", metavar="SIRET", help="the OF of an of_member")
        parser.add_argument(
            "--password-stdin", action="store_true", help="read the password from stdin"
        )
        parser.add_argument(
            "--api-token", action="store_true", help="create a token and print it last"
        )

    def handle(self, *args, email, role, organisation, password_stdin, api_token, **options):
        organisation_obj = None
        if role == roles.OF_MEMBER and not organisation:
            raise CommandError("--organisation SIRET is required for --role of_member")
        if organisation:
            try:
                organisation_obj = Organisation.objects.get(siret=organisation.replace(" ", ""))
            except Organisation.DoesNotExist as exc:
                raise CommandError(f"no organisation with SIRET {organisation}") from exc
        password = None
        if password_stdin:
            password = sys.stdin.readline().rstrip("\n")
            if not password:
                raise CommandError("empty password on stdin")
        try:
            user, created = services.create_or_update_user(
                email, role, organisation=organisation_obj, password=password
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{'created' if created else 'updated'} {user.email} ({role})")
        if api_token:
            self.stdout.write(services.create_token(user))
