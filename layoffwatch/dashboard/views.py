from django.shortcuts import render

from layoffwatch.core.navigation import STAGES

from .selectors import enterprises_by_town, home_counts


def home(request):
    unbuilt = [s for s in STAGES if s.url_name is None]
    return render(
        request,
        "dashboard/home.html",
        {
            "active": "home",
            "counts": home_counts(user=request.user),
            "by_town": enterprises_by_town(user=request.user),
            "unbuilt": unbuilt,
        },
    )
