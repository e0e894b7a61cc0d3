from django.urls import path

from . import consultation_views, views

app_name = "analysis"
urlpatterns = [
    path("", views.month_latest, name="latest"),
    # consultations (会商, plan S6.1)
    path("consultations/", consultation_views.consultation_list, name="consultations"),
    path("consultations/new/", consultation_views.consultation_new, name="consultation_new"),
    path("consultations/<int:pk>/", consultation_views.consultation_detail, name="consultation"),
    path(
        "consultations/<int:pk>/minutes.docx",
        consultation_views.consultation_minutes,
        name="consultation_minutes",
    ),
    path(
        "consultations/<int:pk>/actions/<int:action_pk>/done/",
        consultation_views.consultation_action_mark_done,
        name="consultation_action_done",
    ),
    # the month's analysis (plan S6.1)
    path("<str:period>/", views.month_page, name="month"),
    path("<str:period>/indicators.xlsx", views.month_xlsx, name="xlsx"),
    path("<str:period>/draft/", views.analysis_draft, name="draft"),
    path("<str:period>/edit/", views.analysis_edit, name="edit"),
    path("<str:period>/sign/", views.analysis_sign, name="sign"),
    path("<str:period>/analysis.docx", views.analysis_word, name="docx"),
    # forecasts (plan S3.1.3 预测)
    path("<str:period>/forecast/", views.forecast_request, name="forecast"),
]
