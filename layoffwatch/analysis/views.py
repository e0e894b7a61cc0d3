"""The analysis pages (plan S6.1)."""

from django.shortcuts import redirect


def month_latest(request):
    return redirect("home")
