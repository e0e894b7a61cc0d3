from django.db.models import Count, Q

from layoffwatch.enterprises.selectors import enterprise_visible_to


def home_counts(*, user) -> dict:
    """Real counts from the database, within the user's data scope."""
    agg = enterprise_visible_to(user).aggregate(
        total=Count("id"),
        key_samples=Count("id", filter=Q(is_key_sample=True)),
        watch_list=Count("id", filter=Q(on_watch_list=True)),
        labour_intensive=Count("id", filter=Q(is_labour_intensive=True)),
        agencies=Count("id", filter=Q(is_hr_agency=True)),
    )
    return agg


def enterprises_by_town(*, user) -> list[dict]:
    return list(
        enterprise_visible_to(user)
        .values("town__code", "town__name")
        .annotate(n=Count("id"))
        .order_by("town__code")
    )
