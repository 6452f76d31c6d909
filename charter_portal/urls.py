from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from organisms.api import OrganisationViewSet, PublicSignatoryViewSet, SignatureViewSet
from organisms.views.public import home

router = DefaultRouter()
router.include_root_view = False
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("signatures", SignatureViewSet, basename="signature")
router.register("public/signatories", PublicSignatoryViewSet, basename="public-signatory")

api_urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
]

urlpatterns = [
    path("", home, name="home"),
    path("", include("organisms.urls")),
    path("compte/", include("accounts.urls")),
    path("api/v1/", include((api_urlpatterns, "api"))),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
