from django.urls import path

from . import views

app_name = "alerts"
urlpatterns = [
    path("", views.alert_list, name="list"),
    path("export/", views.alert_export, name="export"),
    path("<int:pk>/", views.alert_detail, name="detail"),
]
