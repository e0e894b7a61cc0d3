from django.urls import path

from . import views

app_name = "policy"
urlpatterns = [
    path("", views.index, name="index"),
    path("files/<slug:key>/", views.file_detail, name="file"),
    path("revisions/new/", views.revision_new, name="revision_new"),
]
