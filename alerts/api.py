"""API v1 of the alerts app: its viewsets (ROUTES) and plain API views (urlpatterns)."""

ROUTES = []
urlpatterns = []
