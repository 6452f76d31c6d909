"""Who sees which rows, for models that belong to an organisation (imported by models.py files)."""

from typing import Self, TypeVar

from django.db import models

from charter_portal import roles

Row = TypeVar("Row", bound=models.Model)


class OrganisationScopedQuerySet(models.QuerySet[Row]):
    """Rows that belong to an organisation: staff see them all, an OF member those of their own
    organisations, anyone else none. `organisation_field` says how a row reaches its organisation."""

    organisation_field = "organisation"

    def visible_to(self, user: roles.UserLike) -> Self:
        if roles.is_staff_member(user):
            return self
        return self.filter(**{f"{self.organisation_field}__in": roles.organisation_ids(user)})
