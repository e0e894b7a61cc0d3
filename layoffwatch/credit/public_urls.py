from django.urls import path

from . import views

app_name = "public_credit"
urlpatterns = [path("", views.public_list, name="blacklist")]
