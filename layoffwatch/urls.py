from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import URLResolver, include, path
from django.views.i18n import set_language

from layoffwatch.analysis import risk_views as analysis_risk
from layoffwatch.analysis import whatif_views as analysis_whatif
from layoffwatch.api.urls import api
from layoffwatch.core import views as core_views
from layoffwatch.dashboard import views as dashboard_views

admin.site.site_header = admin.site.site_title = "LayoffWatch 系统管理"


def public(*patterns):
    """Pages open without a login (ADR 0094). Every other page needs one: Django's
    LoginRequiredMiddleware sends a visitor to settings.LOGIN_URL with ?next= (query string
    kept). Marked here, where a reader sees at once all that is public."""

    def mark(p):
        if isinstance(p, URLResolver):
            for child in p.url_patterns:
                mark(child)
        else:
            login_not_required(p.callback)

    for p in patterns:
        mark(p)
    return list(patterns)


def signed_in_only(patterns):
    """The admin handles its own login: Django marks its login page public and sends visitors of
    its other pages to that page (their `login_url`). Ours stay behind our login page like every
    other page (ADR 0094): each view is called through a plain function that carries neither."""

    def plain(view):
        def signed_in(request, *args, **kwargs):
            return view(request, *args, **kwargs)

        signed_in.__name__ = getattr(view, "__name__", "admin_view")
        return signed_in

    def mark(p):
        if isinstance(p, URLResolver):
            for child in p.url_patterns:
                mark(child)
        else:
            p.callback = plain(p.callback)

    urls, app_name, namespace = patterns
    for p in urls:
        mark(p)
    return urls, app_name, namespace


def admin_login(request):
    """The admin's own login page, NOT public (Django marks it so): only a signed-in user who
    is not staff reaches it; everyone else signs in on /accounts/login/ (same lockout, ADR 0094)."""
    return admin.site.login(request)


urlpatterns = [
    *public(
        path("healthz", core_views.healthz, name="healthz"),
        path("readyz", core_views.readyz, name="readyz"),
        path("favicon.ico", core_views.favicon, name="favicon"),
        path("i18n/setlang/", set_language, name="set_language"),
        path("public/report/", include("layoffwatch.reporting.public_urls")),
        path("public/blacklist/", include("layoffwatch.credit.public_urls")),
        # the token API authenticates each call itself (a session or a bearer token)
        path("api/v1/", api.urls),
    ),
    path("", dashboard_views.home, name="home"),
    path("accounts/", include("layoffwatch.accounts.urls")),
    path("enterprises/", include("layoffwatch.enterprises.urls")),
    path("reference/", include("layoffwatch.reference.urls")),
    path("analysis/", include("layoffwatch.analysis.urls")),
    path("policy/whatif/", analysis_whatif.whatif_page, name="policy_whatif"),  # ADR 0101
    path("policy/", include("layoffwatch.policy.urls")),
    path("audit/", include("layoffwatch.audit.urls")),
    path("reporting/", include("layoffwatch.reporting.urls")),
    path("notifications/", include("layoffwatch.notifications.urls")),
    # ADR 0106: the risk ranking sits with monitoring, built by analysis above it
    path("monitoring/risk/", analysis_risk.risk_page, name="risk"),
    path("monitoring/risk/train/", analysis_risk.risk_retrain, name="risk_retrain"),
    path("monitoring/risk/<str:uscc>/visit/", analysis_risk.risk_visit, name="risk_visit"),
    path(
        "monitoring/risk/visits/<int:pk>/",
        analysis_risk.risk_visit_detail,
        name="risk_visit_detail",
    ),
    path("monitoring/", include("layoffwatch.monitoring.urls")),
    path("alerts/", include("layoffwatch.response.alert_urls")),
    path("response/", include("layoffwatch.response.urls")),
    path("assistance/", include("layoffwatch.assistance.urls")),
    path("rights/", include("layoffwatch.rights.urls")),
    path("credit/", include("layoffwatch.credit.urls")),
    path("opinion/", include("layoffwatch.opinion.urls")),
    path("admin/login/", admin_login),
    path("admin/", signed_in_only(admin.site.urls)),
]
