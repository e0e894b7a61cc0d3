from django.shortcuts import render
from django.utils import timezone

from layoffwatch.alerts.selectors import district_assessment_at
from layoffwatch.assistance.selectors import assistance_figures
from layoffwatch.core.navigation import STAGES

from .selectors import alert_figures, enterprises_by_town, home_counts


def home(request):
    unbuilt = [s for s in STAGES if s.url_name is None]
    now = timezone.now()
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
            if request.user.is_bureau
            else None,
            "assistance": assistance_figures(user=request.user) if request.user.is_bureau else None,
        },
    )
