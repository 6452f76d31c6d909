"""Screens: simulator. Each module declares its own urlpatterns, gathered by paths/urls.py."""

urlpatterns = []
