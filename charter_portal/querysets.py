"""Who sees which rows, decided here once (imported by the models.py files).

Every caller asks one of two questions:
- `visible_to(user)`: the rows this user may see at all (staff screens, the API, a record's page);
- `of_own_organisations(user)`: the rows of the user's own organisations, what an OF member's pages
  (« Mon organisme », « Mes propositions », « Mes alertes », their forms) list — the same for a staff
  member who also belongs to an OF: there they act as the member, not as staff.
A model says how its rows reach their organisation (`organisation_field`) and, through the class
attributes and the `sees_nothing` hook below, which people see fewer rows than the default.
"""

from typing import Any, ClassVar, Self, TypeVar

from django.db import models

from charter_portal import roles

Row = TypeVar("Row", bound=models.Model)


class OrganisationScopedQuerySet(models.QuerySet[Row]):
    """Rows that belong to an organisation: staff see them all, an OF member those of their own
    organisations, anyone else none."""

    # how a row reaches its organisation ("pk" for the organisations themselves)
    organisation_field: ClassVar[str] = "organisation"
    # what an OF member sees of their own organisation's rows ({"internal": False}: never the
    # staff-only internal notes)
    members_filter: ClassVar[dict[str, Any]] = {}
    # False for staff records an OF member never sees (communication controls)
    members_see: ClassVar[bool] = True
    # the permission a staff member needs to see the rows (None: every staff role sees them)
    staff_permission: ClassVar[str | None] = None
    # rows that belong to a person rather than an organisation (an export): each person, staff
    # included, sees only their own
    owner_field: ClassVar[str | None] = None

    def sees_nothing(self, user: roles.UserLike) -> bool:
        """The per-role hook: True for the people who see none of these rows, whatever else they
        are (alert rows: a commission member, see `roles.may_see_alerts`)."""
        return False

    def visible_to(self, user: roles.UserLike) -> Self:
        """The rows this user may see."""
        if self.owner_field is not None:
            return self._owned_by(self.owner_field, user)
        if self.sees_nothing(user):
            return self.none()
        if roles.is_staff_member(user):
            if self.staff_permission is None or user.has_perm(self.staff_permission):
                return self
            return self.none()
        return self.of_own_organisations(user)

    def of_own_organisations(self, user: roles.UserLike) -> Self:
        """The rows of this user's own organisations, as an OF member sees them (never internal
        notes, never staff records), even when the user is also a staff member."""
        if self.owner_field is not None:
            return self._owned_by(self.owner_field, user)
        if self.sees_nothing(user) or not self.members_see:
            return self.none()
        lookup = {f"{self.organisation_field}__in": roles.organisation_ids(user)}
        return self.filter(**lookup, **self.members_filter)

    def _owned_by(self, field: str, user: roles.UserLike) -> Self:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(**{field: user})
