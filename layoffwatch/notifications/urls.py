from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read/", views.mark_read, name="read"),
    path("<int:pk>/", views.open_one, name="open"),
    path("deliveries/", views.delivery_log, name="deliveries"),
]
