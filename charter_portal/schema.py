"""The OpenAPI schema says every error the API may answer, with its JSON body: a hook run after
drf-spectacular has described the views (one place, instead of a decorator on every action)."""

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.generators import SchemaGenerator
from rest_framework.request import Request

from charter_portal.idempotency import HEADER, MAX_KEY_LENGTH

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PUBLIC_PREFIXES = ("/api/v1/public/", "/api/v1/schema/", "/api/v1/docs/")
WRITES = {"post", "put", "patch"}

ERROR = {
    "type": "object",
    "description": str(_("Une erreur : `detail` en français, `code` quand il y en a un.")),
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string"},
    },
    "required": ["detail"],
}
VALIDATION_ERROR = {
    "type": "object",
    "description": str(
        _(
            "Les erreurs par champ : {champ: [messages]} (imbriquées pour les listes), "
            "`non_field_errors` pour la requête entière, ou `detail`."
        )
    ),
    "additionalProperties": {},
}


def _errors(path: str, method: str, operation: dict[str, Any]) -> "dict[str, StrOrPromise]":
    """Status → description of the errors this operation may answer."""
    public = path.startswith(PUBLIC_PREFIXES)
    statuses: dict[str, StrOrPromise] = {}
    has_query = any(p.get("in") == "query" for p in operation.get("parameters", []))
    if method in WRITES or has_query:
        statuses["400"] = _("Requête invalide : l'erreur nomme le champ en cause.")
    if not public:
        statuses["401"] = _("Authentification requise (session ou « Authorization: Token … »).")
        statuses["403"] = _("Votre rôle ne permet pas cette action.")
    if "{" in path:
        statuses["404"] = _("Introuvable, ou d'un autre organisme.")
    if method in WRITES:
        statuses["413"] = _("Requête trop volumineuse.")
    if method == "post":
        statuses["409"] = _(
            "Une requête avec la même clé d'idempotence est en cours (`in_progress`)."
        )
        statuses["422"] = _(
            "Clé d'idempotence déjà utilisée pour une autre requête (`key_reused`)."
        )
    statuses["500"] = _("Erreur interne du serveur.")
    return statuses


def _blank_alternatives_as_any_of(node: object) -> None:
    """drf-spectacular writes a field that may be blank as oneOf [its format, a string of length
    0]: an empty string matches both when the format is not checked, so it becomes anyOf."""
    if isinstance(node, list):
        for item in node:
            _blank_alternatives_as_any_of(item)
    elif isinstance(node, dict):
        choices = node.get("oneOf")
        if choices and {"type": "string", "maxLength": 0} in choices:
            node["anyOf"] = node.pop("oneOf")
        for value in node.values():
            _blank_alternatives_as_any_of(value)


def document_errors(
    result: dict[str, Any], generator: SchemaGenerator, request: Request | None, public: bool
) -> dict[str, Any]:
    """Add the error statuses and their JSON body to every operation, and the Idempotency-Key
    header to every POST."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR)
    schemas.setdefault("ValidationError", VALIDATION_ERROR)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for status, description in _errors(path, method, operation).items():
                responses.setdefault(status, {"description": str(description)})
            for status, response in responses.items():
                if status.startswith(("4", "5")) and "content" not in response:
                    name = "ValidationError" if status == "400" else "Error"
                    response["content"] = {
                        "application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}
                    }
            parameters = operation.setdefault("parameters", [])
            if method == "post" and not any(p.get("name") == HEADER for p in parameters):
                parameters.append(
                    {
                        "in": "header",
                        "name": HEADER,
                        "required": False,
                        "schema": {"type": "string", "maxLength": MAX_KEY_LENGTH},
                        "description": str(
                            _(
                                "Une clé unique par envoi : un envoi répété avec la même clé "
                                "reçoit la première réponse au lieu de créer un second "
                                "enregistrement."
                            )
                        ),
                    }
                )
    _blank_alternatives_as_any_of(result)
    return result
