from django.urls import path

from . import views

app_name = "opinion"
urlpatterns = [
    path("", views.event_list, name="events"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("events/<int:pk>/clue/", views.event_to_clue, name="event_clue"),
    path("import/", views.import_page, name="import"),
]
