from django.urls import path

from . import digest_views, response_views, views

app_name = "opinion"
urlpatterns = [
    path("", views.event_list, name="events"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("events/<int:pk>/clue/", views.event_to_clue, name="event_clue"),
    path("import/", views.import_page, name="import"),
]

# the response to an event (plan S6.4 及时主动发声): response_views.py
urlpatterns += [
    path("events/<int:pk>/response/assess/", response_views.assess, name="response_assess"),
    path("events/<int:pk>/response/draft/", response_views.draft, name="response_draft"),
    path(
        "events/<int:pk>/response/statement/", response_views.statement, name="response_statement"
    ),
    path("events/<int:pk>/response/approve/", response_views.approve, name="response_approve"),
    path("events/<int:pk>/response/publish/", response_views.publish, name="response_publish"),
    path(
        "events/<int:pk>/response/coordinate/",
        response_views.coordinate,
        name="response_coordinate",
    ),
]

# the daily and weekly digests (plan S6.4 舆情日报 / 舆情周报): digest_views.py
urlpatterns += [
    path("digest/", digest_views.digest_page, name="digest"),
    path("digest.docx", digest_views.digest_word, name="digest_docx"),
]
