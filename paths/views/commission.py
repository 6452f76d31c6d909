"""Screens: commission. Each module declares its own urlpatterns, gathered by paths/urls.py."""

urlpatterns = []
