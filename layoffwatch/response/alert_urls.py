"""/alerts/ (namespace "alerts"): the alert pages, served by response (ADR 0088)."""

from django.urls import path

from . import alert_views as views

app_name = "alerts"
urlpatterns = [
    path("", views.alert_list, name="list"),
    path("export/", views.alert_export, name="export"),
    path("<int:pk>/", views.alert_detail, name="detail"),
]
