from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("export.xlsx", views.report_export, name="export"),
    path("new/", views.report_new, name="new"),
    path("new/monthly/", views.report_new, {"kind": "monthly"}, name="new_monthly"),
    path("roster-template.xlsx", views.roster_template, name="roster_template"),
    path("bulk/", views.bulk_upload, name="bulk"),
    path("bulk/template.xlsx", views.bulk_template, name="bulk_template"),
    path("overdue/", views.overdue, name="overdue"),
    path("findings/", views.finding_list, name="findings"),
    path("findings/<int:pk>/", views.finding_detail, name="finding"),
    path("qr/<str:uscc>/", views.qr_page, name="qr"),
    path("qr/<str:uscc>/code.<str:kind>", views.qr_image, name="qr_image"),
    path("qr/<str:uscc>/notice/", views.qr_notice, name="qr_notice"),
    path("<str:receipt_no>/", views.report_detail, name="detail"),
    path("<str:receipt_no>/withdraw/", views.report_withdraw, name="withdraw"),
    path("<str:receipt_no>/file/<str:which>/", views.report_file, name="file"),
]
