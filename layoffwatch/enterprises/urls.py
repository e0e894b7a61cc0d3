from django.urls import path

from . import picker, views

app_name = "enterprises"
urlpatterns = [
    path("", views.enterprise_list, name="list"),
    path("export.xlsx", views.enterprise_export_view, name="export"),
    path("new/", views.enterprise_new, name="new"),
    path("pick/", picker.enterprise_pick, name="pick"),
    path("import/", views.enterprise_import_view, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("<str:uscc>/", views.enterprise_detail, name="detail"),
    path("<str:uscc>/edit/", views.enterprise_edit, name="edit"),
]
