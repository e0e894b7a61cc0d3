from django.urls import path

from . import views

app_name = "reference"
urlpatterns = [path("industries/", views.industry_lookup, name="industries")]
