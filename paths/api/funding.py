"""API v1: funding (see paths/api/__init__.py)."""

ROUTES = []
urlpatterns = []
