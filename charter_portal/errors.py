"""Error answers: pages for people, JSON under /api/ — an API client never gets an HTML page,
whether the error comes from DRF, from Django itself (404, 413, 500) or from a middleware."""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

API_PREFIX = "/api/"


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def error_json(status: int, code: str, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail, "code": code}, status=status)


def too_large() -> JsonResponse:
    return error_json(
        413,
        "too_large",
        _("La requête est trop volumineuse : %(mb)s Mo au plus.")
        % {"mb": settings.MAX_UPLOAD_MB + 1},
    )


class ApiBodySizeMiddleware:
    """An API request announcing a body above the upload limit is refused before it is read
    (DRF's JSON parser would otherwise read any size)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if _is_api(request):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
                return too_large()
        return self.get_response(request)


def bad_request(
    request: HttpRequest, exception: Exception, template_name: str = "400.html"
) -> HttpResponse:
    if _is_api(request):
        if isinstance(exception, RequestDataTooBig):
            return too_large()
        return error_json(400, "bad_request", _("Requête invalide."))
    return defaults.bad_request(request, exception, template_name)


def permission_denied(
    request: HttpRequest, exception: Exception, template_name: str = "403.html"
) -> HttpResponse:
    if _is_api(request):
        return error_json(
            403, "permission_denied", _("Vous n'avez pas la permission d'effectuer cette action.")
        )
    return defaults.permission_denied(request, exception, template_name)


def page_not_found(
    request: HttpRequest, exception: Exception, template_name: str = "404.html"
) -> HttpResponse:
    if _is_api(request):
        return error_json(404, "not_found", _("Introuvable."))
    return defaults.page_not_found(request, exception, template_name)


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    if _is_api(request):
        return error_json(
            500,
            "server_error",
            _("Erreur interne du serveur. Réessayez plus tard."),
        )
    return defaults.server_error(request, template_name)
