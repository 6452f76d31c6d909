"""What every API view shares: the JSON error shape and the scoped queryset."""

import copy
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class ScopedViewSetMixin:
    """Querysets start from what the user may see (`visible_to`)."""

    queryset_base: Any = None  # a manager or queryset whose class has visible_to(user)
    request: Any  # DRF's Request, set by the view

    def get_queryset(self) -> QuerySet[Any]:
        scoped: QuerySet[Any] = self.queryset_base.visible_to(self.request.user)
        return scoped

    def list(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        response: Response = super().list(  # type: ignore[misc]
            request, *args, **kwargs
        )  # serialized already
        page = getattr(getattr(self, "paginator", None), "page", None)
        if page is not None:
            release_prefetched(page.object_list)
        return response


PREFETCHED = "prefetched_"  # the prefix of `Prefetch(..., to_attr=...)` lists the API reads


def prefetched(instance: Any, name: str) -> list[Any] | None:
    """The list `Prefetch(name, to_attr="prefetched_" + name)` left on the instance, if any."""
    found: list[Any] | None = instance.__dict__.get(PREFETCHED + name)
    return found


class PrefetchedListSerializer(serializers.ListSerializer[Any]):
    """A nested list read from its `to_attr` list when the view prefetched one (plain Python
    lists: no related manager or queryset built per row), else from the relation."""

    def get_attribute(self, instance: Any) -> Any:
        found = prefetched(instance, self.source or "")  # bound: source is the field's name
        return found if found is not None else super().get_attribute(instance)


_MARKS = ("987654321", "987654322")  # stand-ins no URL of the portal holds otherwise


def reverse_per_row(serializer: Any, name: str, *args: Any) -> str:
    """`rest_framework.reverse.reverse(name, args, request=…)` for one row of a list: the URL is
    reversed once per request with stand-in arguments, then each row fills in its own."""
    from rest_framework.reverse import reverse

    templates = serializer.context.setdefault("_reversed_urls", {})
    template = templates.get(name)
    if template is None:
        marks = _MARKS[: len(args)]
        url = reverse(name, args=list(marks), request=serializer.context.get("request"))
        template = url.replace("{", "{{").replace("}", "}}")
        for mark in marks:
            template = template.replace(mark, "{}", 1)
        templates[name] = template
    return str(template.format(*args))


class CachedFieldsMixin:
    """A model serializer's fields built once per class, then copied for each serializer (as DRF
    copies declared fields): building them from the model costs more than copying them, on every
    list request for the page's serializer and each nested one."""

    _built_fields: dict[type, Any] = {}

    def get_fields(self) -> Any:
        cls = type(self)
        built = CachedFieldsMixin._built_fields.get(cls)
        if built is None:
            built = CachedFieldsMixin._built_fields[cls] = super().get_fields()  # type: ignore[misc]
        return copy.deepcopy(built)


def release_prefetched(instances: Any) -> None:
    """Drop the rows' prefetched lists once serialized. Each prefetched child points back to its
    parent, so parent → list → child → parent is a reference cycle: thousands of objects per
    page that only the garbage collector's full passes could free (long pauses under load)."""
    for instance in instances:
        caches = instance.__dict__.pop("_prefetched_objects_cache", None)
        for queryset in (caches or {}).values():
            release_prefetched(queryset._result_cache or ())
        for key in [key for key in instance.__dict__ if key.startswith(PREFETCHED)]:
            release_prefetched(instance.__dict__.pop(key) or ())


class ScopedModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet[Any]):
    http_method_names = ["get", "post", "patch", "put", "head", "options"]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Model validation errors become 400s that name the field, like serializer errors."""
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = {
                field: [str(m) for e in errors for m in e.messages]
                for field, errors in exc.error_dict.items()
            }
            if "__all__" in detail:
                detail["non_field_errors"] = detail.pop("__all__")
        else:
            detail = {"non_field_errors": [str(m) for m in exc.messages]}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, exceptions.ParseError):
        exc = exceptions.ParseError(_("Le corps de la requête n'est pas un JSON valide."))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Introuvable."))
    return drf_exception_handler(exc, context)


class NullWhenBlankChoiceField(serializers.ChoiceField):
    """A read-only choice not made yet (an alert's outcome before it is closed): null in the
    JSON, as the schema says, never an empty string outside the enum."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> Any:
        return None if value in ("", None) else super().to_representation(value)
