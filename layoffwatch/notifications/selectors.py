"""Reads of notifications: a user sees only their own."""

from .models import Delivery, Notification


def notifications_for(user, *, unread_only: bool = False):
    qs = Notification.objects.filter(recipient=user)
    return qs.filter(read_at__isnull=True) if unread_only else qs


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def deliveries_recent(limit: int = 200):
    return Delivery.objects.select_related("recipient", "webhook")[:limit]
