"""API v1 of the alerts app: its viewsets (ROUTES) and plain API views (urlpatterns)."""

from django.urls import URLPattern, URLResolver

from alerts.api.alerts import AlertViewSet
from alerts.api.trainee_links import TraineeLinkViewSet

# (prefix, viewset, basename) under /api/v1/, registered by charter_portal/urls.py
ROUTES = [
    ("alerts", AlertViewSet, "alert"),
    ("trainee-links", TraineeLinkViewSet, "trainee-link"),
]
urlpatterns: list[URLPattern | URLResolver] = []
