"""Reads of alerts and notifications (scope: the enterprises the user may see)."""

from layoffwatch.enterprises.selectors import enterprise_visible_to

from .models import Alert, Notification


def alerts_visible_to(user):
    return Alert.objects.filter(enterprise__in=enterprise_visible_to(user)).select_related(
        "enterprise"
    )


def notifications_for(user, *, unread_only: bool = False):
    qs = Notification.objects.filter(recipient=user).select_related("alert")
    return qs.filter(read_at__isnull=True) if unread_only else qs
