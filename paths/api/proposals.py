"""API v1: proposals (see paths/api/__init__.py)."""

ROUTES = []
urlpatterns = []
