from django.shortcuts import render
from django.utils import timezone

from layoffwatch.alerts.selectors import district_assessment_at
from layoffwatch.assistance.selectors import assistance_figures
from layoffwatch.core.charts import chart_data

from .cockpit import cockpit
from .navigation import STAGES
from .selectors import alert_figures, enterprises_by_town, home_counts


def home(request):
    """The home page. Bureau staff get the cockpit (ADR 0098) within their scope; an enterprise's
    or an agency's user keeps the simple page of their own figures."""
    unbuilt = [s for s in STAGES if s.url_name is None]
    now = timezone.now()
    bureau = request.user.is_bureau
    charts = cockpit(user=request.user, now=now) if bureau else []
    return render(
        request,
        "dashboard/home.html",
        {
            "active": "home",
            "counts": home_counts(user=request.user),
            "by_town": enterprises_by_town(user=request.user),
            "unbuilt": unbuilt,
            "alerts": alert_figures(
                user=request.user, now=now, assessment=district_assessment_at(at=now)
            )
            if bureau
            else None,
            "assistance": assistance_figures(user=request.user) if bureau else None,
            "charts": charts,
            "chart_data": chart_data(charts) if charts else None,
        },
    )
