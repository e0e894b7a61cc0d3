from django.urls import path

from . import views

app_name = "public_report"
urlpatterns = [
    path("<str:token>/", views.public_form, name="form"),
    path("<str:token>/monthly/", views.public_monthly, name="monthly"),
    path("<str:token>/roster-template.xlsx", views.public_roster_template, name="roster_template"),
    path("<str:token>/receipt/<str:receipt_no>/", views.public_receipt, name="receipt"),
]
