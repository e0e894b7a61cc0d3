"""ADR 0047 under real concurrency: two requests with one Idempotency-Key at the same moment, each
on its own database connection, store one report; the other attempt rolls back whole and gets
the first one's answer. PostgreSQL only (SQLite serialises writers before they start)."""

import threading

import pytest
from django.db import connection, connections

from layoffwatch.reporting.models import IdempotencyRecord, LayoffReport, Receipt
from layoffwatch.reporting.services import Idempotency, KeyAlreadyUsed, layoff_report_submit
from layoffwatch.testing.reports import layoff_body

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]


def test_two_requests_with_one_key_at_once_store_one_report(people):
    from django.utils import timezone

    enterprise, user = people.guilin_factory, people.ed
    data = layoff_body(enterprise, planned_cut=40)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt():
        try:
            start.wait(timeout=10)
            submitted = layoff_report_submit(
                enterprise=enterprise,
                data=data,
                channel="api",
                actor=user,
                at=timezone.now(),
                idempotency=Idempotency(
                    user=user,
                    key="k-race",
                    body_sha256="same-body",
                    answer=lambda s: {"receipt_no": s.receipt_no},
                ),
            )
            outcomes.append(f"stored {submitted.receipt_no}")
        except KeyAlreadyUsed:
            outcomes.append("replay")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(o.split()[0] for o in outcomes) == ["replay", "stored"]
    stored = next(o.split()[1] for o in outcomes if o.startswith("stored"))
    assert list(LayoffReport.objects.values_list("receipt_no", flat=True)) == [stored]
    assert Receipt.objects.count() == 1  # the loser's receipt row rolled back with it
    assert IdempotencyRecord.objects.get(key="k-race").response == {"receipt_no": stored}
