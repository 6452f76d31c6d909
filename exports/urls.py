from django.urls import path

from exports import views

app_name = "exports"

urlpatterns = [
    path("exports/", views.export_list, name="export_list"),
    path("exports/nouveau/", views.export_create, name="export_create"),
    path("exports/<int:pk>/", views.export_detail, name="export_detail"),
    path("exports/<int:pk>/fichier/", views.export_download, name="export_download"),
]
