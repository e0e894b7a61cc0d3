from django.urls import path

from . import views

app_name = "response"
urlpatterns = [
    path("", views.my_tasks, name="my_tasks"),
    path("cases/", views.case_list, name="cases"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/status/", views.case_status, name="status"),
    path("cases/<int:pk>/lift/", views.case_lift, name="lift"),
    path("cases/<int:pk>/lift/<int:request_pk>/decide/", views.case_decide, name="decide"),
    path("cases/<int:pk>/steps/<int:step_pk>/done/", views.step_done, name="step_done"),
    path("cases/<int:pk>/filings/", views.filing_new, name="filing"),
    path("cases/<int:pk>/measures/", views.measures_choose, name="measures"),
    path("cases/<int:pk>/filings/other/", views.filing_other, name="filing_other"),
    path("cases/<int:pk>/tasks/<int:task_pk>/due/", views.task_due, name="task_due"),
    path("cases/<int:pk>/tasks/<int:task_pk>/done/", views.task_done, name="task_done"),
    path("cases/<int:pk>/tasks/<int:task_pk>/notes/", views.task_note, name="task_note"),
    path("cases/<int:pk>/problems/", views.problem_new, name="problem"),
    path("cases/<int:pk>/problems/<int:problem_pk>.docx", views.problem_docx, name="problem_docx"),
    path("cases/<int:pk>/report/", views.report_edit, name="report"),
    path("cases/<int:pk>/report/sign/", views.report_sign, name="report_sign"),
    path("cases/<int:pk>/report.docx", views.report_docx, name="report_docx"),
    path("cases/<int:pk>/files/<str:kind>/<int:item_pk>/", views.attachment, name="attachment"),
]
