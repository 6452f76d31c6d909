"""API v1: commission (see paths/api/__init__.py)."""

ROUTES = []
urlpatterns = []
