from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_new, name="new"),
    path("qr/<str:uscc>/", views.qr_page, name="qr"),
    path("qr/<str:uscc>/code.<str:kind>", views.qr_image, name="qr_image"),
    path("<str:receipt_no>/", views.report_detail, name="detail"),
    path("<str:receipt_no>/withdraw/", views.report_withdraw, name="withdraw"),
]
