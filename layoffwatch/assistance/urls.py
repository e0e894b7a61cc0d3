from django.urls import path

from . import views

app_name = "assistance"
urlpatterns = [
    path("", views.worker_list, name="workers"),
    path("workers/new/", views.worker_new, name="worker_new"),
    path("workers/<int:pk>/", views.worker_detail, name="worker"),
    path("workers/<int:pk>/edit/", views.worker_edit, name="worker_edit"),
    path("workers/<int:pk>/<slug:action>/", views.worker_action, name="worker_action"),
    path("rosters/<int:pk>/import/", views.roster_import, name="roster_import"),
    path("families/", views.families, name="families"),
    path("vacancies/", views.vacancy_list, name="vacancies"),
    path("vacancies/template.xlsx", views.vacancy_template, name="vacancy_template"),
    path("vacancies/<int:pk>/", views.vacancy_detail, name="vacancy"),
    path("fairs/", views.fair_list, name="fairs"),
    path("fairs/<int:pk>/", views.fair_detail, name="fair"),
    path("my-vacancies/", views.my_vacancies, name="my_vacancies"),
    path("courses/", views.course_list, name="courses"),
    path("courses/<int:pk>/", views.course_detail, name="course"),
    path("support/", views.support_list, name="support"),
    path("support/<int:pk>/", views.support_detail, name="support_plan"),
    path("agency-placements/", views.agency_placement_list, name="agency_placements"),
]
