"""Queue side of notifications (Huey, ADR 0003 / 0041). Worker: `layoffwatch run_huey`."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from .models import Delivery
from .services import deliveries_requeue, delivery_attempt


class DeliveryFailed(Exception):
    """Raised so that Huey schedules the next try (retries and backoff are set at enqueue)."""


@db_task()
def deliver(delivery_id: int) -> str:
    """1. claim the delivery; 2. send it; 3. log the outcome; 4. on failure, raise to retry."""
    delivery = delivery_attempt(delivery_id=delivery_id)
    if delivery is None:
        return "not due"
    if delivery.status == Delivery.Status.RETRYING:
        raise DeliveryFailed(delivery.last_error)
    return delivery.status


@db_periodic_task(crontab(minute="*/5"))
def requeue_lost_deliveries() -> int:
    """Every five minutes: deliveries whose queue entry was lost are queued again."""
    return deliveries_requeue(at=timezone.now())
