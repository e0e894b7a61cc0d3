from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("", views.signal_list, name="signals"),
    path("signals/<int:pk>/", views.signal_detail, name="signal"),
    path("signals/<int:pk>/<slug:action>/", views.signal_act, name="signal_act"),
    path("imports/", views.import_page, name="imports"),
    path("clues/", views.clue_desk, name="clues"),
    path("key-samples/", views.key_sample_list, name="key_samples"),
    path("key-samples/<str:uscc>/", views.key_sample_detail, name="key_sample"),
]
