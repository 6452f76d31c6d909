"""API v1 of the paths app: its viewsets (ROUTES) and plain API views (urlpatterns)."""

ROUTES = []
urlpatterns = []
