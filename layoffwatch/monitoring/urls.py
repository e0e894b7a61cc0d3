from django.urls import path

from . import import_views, views

app_name = "monitoring"
urlpatterns = [
    path("", views.signal_list, name="signals"),
    path("signals/<int:pk>/", views.signal_detail, name="signal"),
    path("signals/<int:pk>/<slug:action>/", views.signal_act, name="signal_act"),
    path("imports/", import_views.import_page, name="imports"),
    path("imports/jobs/<str:token>/", import_views.import_job, name="import_job"),
    path(
        "imports/jobs/<str:token>/confirm/",
        import_views.import_job_confirm,
        name="import_job_confirm",
    ),
    path(
        "imports/jobs/<str:token>/cancel/", import_views.import_job_cancel, name="import_job_cancel"
    ),
    path("clues/", views.clue_desk, name="clues"),
    path("key-samples/", views.key_sample_list, name="key_samples"),
    path("key-samples/<str:uscc>/", views.key_sample_detail, name="key_sample"),
]
