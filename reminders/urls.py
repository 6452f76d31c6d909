from django.urls import path

from reminders import views

app_name = "reminders"

urlpatterns = [
    path("compte/notifications/", views.preferences, name="preferences"),
]
