from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

import alerts.api
import exports.api
import organisms.api
import paths.api
import reports.api
from organisms.views.public import home

API_MODULES = [organisms.api, paths.api, alerts.api, reports.api, exports.api]

router = DefaultRouter()
router.include_root_view = False
for module in API_MODULES:
    for prefix, viewset, basename in module.ROUTES:
        router.register(prefix, viewset, basename=basename)

api_urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerView.as_view(url_name="api:schema", template_name="api/docs.html"),
        name="docs",
    ),
    *[pattern for module in API_MODULES for pattern in module.urlpatterns],
    *router.urls,
]

urlpatterns = [
    path("", home, name="home"),
    path("", include("organisms.urls")),
    path("", include("paths.urls")),
    path("", include("alerts.urls")),
    path("", include("reports.urls")),
    path("", include("exports.urls")),
    path("", include("reminders.urls")),
    path("compte/", include("accounts.urls")),
    path("api/v1/", include((api_urlpatterns, "api"))),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler400 = "charter_portal.errors.bad_request"
handler403 = "charter_portal.errors.permission_denied"
handler404 = "charter_portal.errors.page_not_found"
handler500 = "charter_portal.errors.server_error"
