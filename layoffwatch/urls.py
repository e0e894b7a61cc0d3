from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from layoffwatch.api.urls import api
from layoffwatch.core import views as core_views
from layoffwatch.dashboard import views as dashboard_views

admin.site.site_header = admin.site.site_title = "LayoffWatch 系统管理"

urlpatterns = [
    path("", dashboard_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("accounts/", include("layoffwatch.accounts.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("enterprises/", include("layoffwatch.enterprises.urls")),
    path("reference/", include("layoffwatch.reference.urls")),
    path("policy/", include("layoffwatch.policy.urls")),
    path("audit/", include("layoffwatch.audit.urls")),
    path("reporting/", include("layoffwatch.reporting.urls")),
    path("public/report/", include("layoffwatch.reporting.public_urls")),
    path("notifications/", include("layoffwatch.notifications.urls")),
    path("monitoring/", include("layoffwatch.monitoring.urls")),
    path("alerts/", include("layoffwatch.response.alert_urls")),
    path("response/", include("layoffwatch.response.urls")),
    path("assistance/", include("layoffwatch.assistance.urls")),
    path("rights/", include("layoffwatch.rights.urls")),
    path("credit/", include("layoffwatch.credit.urls")),
    path("public/blacklist/", include("layoffwatch.credit.public_urls")),
    path("stage/<slug:key>/", core_views.stage_not_built, name="stage_not_built"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
