"""Notifications: in-app at once; email over real SMTP and group-chat robots over real HTTP,
through a real Huey queue, retried with backoff, logged (ADR 0041)."""

import json

import pytest
from django.db import transaction
from django.utils import timezone
from huey.signals import SIGNAL_COMPLETE, SIGNAL_RETRYING

from layoffwatch.notifications.models import Delivery, Notification, Webhook
from layoffwatch.notifications.services import notify

from .servers import Robot, immediate_queue, running_queue, smtp_sink, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def mail(settings):
    """Django's SMTP backend pointed at a real SMTP server on loopback."""
    with smtp_sink() as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
        yield sink


@pytest.fixture
def fast_retries(settings):
    settings.NOTIFY_RETRY_DELAY = 1
    settings.NOTIFY_MAX_ATTEMPTS = 4


def _tell(users, **kw):
    with transaction.atomic():
        return notify(
            users=users,
            title=kw.pop("title", "桂林食品有限公司 发布三级预警：计划裁员合计 30 人"),
            body=kw.pop("body", "一次性裁减 30 人"),
            link=kw.pop("link", "/alerts/1/"),
            kind=kw.pop("kind", "alert"),
            at=timezone.now(),
        )


def test_it_puts_the_notification_in_the_inbox_at_once_and_counts_it_in_the_top_bar(people, login):
    _tell([people.sam, people.tina])
    client = login(people.sam)
    page = client.get("/reporting/")
    assert 'data-testid="unread-count">1<' in page.content.decode()
    inbox = client.get("/notifications/")
    assert "计划裁员合计 30 人" in inbox.content.decode()
    note = Notification.objects.get(recipient=people.sam)
    opened = client.get(f"/notifications/{note.pk}/")
    assert opened.status_code == 302 and opened["Location"] == "/alerts/1/"
    assert 'data-testid="unread-count"' not in client.get("/reporting/").content.decode()
    # Tina's copy is hers: Sam cannot open it, and it is still unread
    tinas = Notification.objects.get(recipient=people.tina)
    assert client.get(f"/notifications/{tinas.pk}/").status_code == 404
    assert Notification.objects.get(pk=tinas.pk).read_at is None


def test_it_emails_each_person_through_a_real_smtp_server_via_the_queue(people, mail, tmp_path):
    people.sam.email = "sam@example.test"
    people.sam.save()
    with running_queue(tmp_path):
        result = _tell([people.sam, people.tina])  # Tina has no address: in-app only
        assert [d.channel for d in result.deliveries] == ["email"]
        wait_for(lambda: mail.messages)
        delivery = wait_for(lambda: Delivery.objects.filter(status="sent").first())
    envelope, message = mail.messages[0]
    assert envelope["to"] == ["sam@example.test"]
    assert "计划裁员合计 30 人" in message["Subject"]
    assert "/alerts/1/" in message.get_content()
    assert delivery.attempts == 1 and delivery.last_error == ""


def test_it_posts_wecom_json_to_the_group_chat_robot(people, tmp_path):
    with Robot() as robot, running_queue(tmp_path):
        Webhook.objects.create(name="预警工作群", url=robot.url)
        _tell([people.sam])
        wait_for(lambda: Delivery.objects.filter(status="sent").exists())
    assert robot.bodies == [
        {
            "msgtype": "text",
            "text": {
                "content": "【桂林食品有限公司 发布三级预警：计划裁员合计 30 人】\n一次性裁减 30 人\n/alerts/1/"
            },
        }
    ]


def test_it_retries_a_robot_that_fails_twice_with_growing_delays_then_logs_it_sent(
    people, tmp_path, fast_retries, settings
):
    settings.SITE_URL = "https://lw.example.test"
    with Robot(fail_first=2) as robot, running_queue(tmp_path):
        settings.NOTIFY_WEBHOOK_URLS = ["feishu:" + robot.url]
        _tell([people.sam])
        delivery = wait_for(lambda: Delivery.objects.filter(status="sent").first(), timeout=30)
    assert delivery.attempts == 3
    assert delivery.last_error == "HTTP 500 Internal Server Error"  # the log keeps the last failure
    (t1, _b1), (t2, _b2), (t3, body) = robot.hits
    assert t2 - t1 >= 0.9 and t3 - t2 >= 1.9  # 1 s, then 2 s: backoff
    assert body == {
        "msg_type": "text",
        "content": {
            "text": "【桂林食品有限公司 发布三级预警：计划裁员合计 30 人】\n一次性裁减 30 人\nhttps://lw.example.test/alerts/1/"
        },
    }


def test_it_gives_up_after_the_last_attempt_and_says_why(people, tmp_path, fast_retries, settings):
    settings.NOTIFY_MAX_ATTEMPTS = 2
    # 企业微信 answers 200 with an errcode when it refuses a message: that is a failure too.
    refused = {"errcode": 93000, "errmsg": "invalid webhook url"}
    with Robot(answer=refused) as robot, running_queue(tmp_path) as huey:
        finished, retried = [], []

        def on_complete(signal, task):
            finished.append(task.id)

        def on_retrying(signal, task):
            retried.append(task.id)

        huey.signal(SIGNAL_COMPLETE)(on_complete)
        huey.signal(SIGNAL_RETRYING)(on_retrying)
        settings.NOTIFY_WEBHOOK_URLS = [robot.url]
        try:
            _tell([people.sam])
            # the last try ends without an error, so Huey has no next try to schedule: once it
            # has finished, no third try can come (no waiting to see whether one does)
            wait_for(lambda: finished, timeout=30)
        finally:
            huey.disconnect_signal(on_complete, SIGNAL_COMPLETE)
            huey.disconnect_signal(on_retrying, SIGNAL_RETRYING)
        delivery = Delivery.objects.get()
        assert len(retried) == 1 and huey.pending_count() == 0 and huey.scheduled_count() == 0
    assert delivery.status == "failed"
    assert delivery.attempts == 2 and len(robot.hits) == 2
    assert delivery.last_error == "errcode=93000 invalid webhook url"
    from layoffwatch.audit.models import AuditEntry

    assert AuditEntry.objects.filter(summary__startswith="通知发送失败（已尝试 2 次）").exists()


def test_a_slow_robot_never_delays_the_caller(people, tmp_path):
    with Robot(delay=3) as robot, running_queue(tmp_path):
        settings_url = robot.url
        Webhook.objects.create(name="慢的群", url=settings_url)
        _tell([people.sam])
        # the caller is back with its in-app notification while the robot still takes 3 s to answer
        assert Notification.objects.filter(recipient=people.sam).exists()
        assert not Delivery.objects.filter(status="sent").exists()
        wait_for(lambda: Delivery.objects.filter(status="sent").exists())


def test_nothing_is_sent_when_the_change_rolls_back(people, tmp_path):
    with Robot() as robot, running_queue(tmp_path, workers=1) as huey:
        Webhook.objects.create(name="预警工作群", url=robot.url)
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                notify(users=[people.sam], title="不会发出", at=timezone.now())
                raise RuntimeError
        assert robot.hits == [] and huey.pending_count() == 0  # nothing sent, nothing queued
        assert not Notification.objects.exists() and not Delivery.objects.exists()
        # a committed notice after it goes through the same queue (one worker, in order): once it
        # has arrived, anything the rolled-back change had queued would have arrived before it
        _tell([people.sam], title="会发出")
        wait_for(lambda: robot.hits)
    assert ["会发出" in json.dumps(b, ensure_ascii=False) for b in robot.bodies] == [True]
    assert list(Notification.objects.values_list("title", flat=True)) == ["会发出"]


def test_it_runs_in_huey_immediate_mode_too(people, mail):
    people.tina.email = "tina@example.test"
    people.tina.save()
    with immediate_queue():
        _tell([people.tina], kind="reminder")
    assert Delivery.objects.get().status == "sent"
    assert mail.messages[0][0]["to"] == ["tina@example.test"]


def test_a_robot_only_gets_the_kinds_it_asked_for(people, tmp_path):
    with Robot() as robot, running_queue(tmp_path):
        Webhook.objects.create(name="催报群", url=robot.url, kinds="reminder")
        _tell([people.sam], kind="alert")
        _tell([people.sam], kind="reminder", title="请报送 2026-10 月度用工报告")
        wait_for(lambda: Delivery.objects.filter(status="sent").exists())
    assert Delivery.objects.count() == 1
    assert robot.bodies[0]["text"]["content"].startswith("【请报送 2026-10 月度用工报告】")


def test_the_sweep_queues_again_what_the_queue_lost(people, tmp_path, monkeypatch):
    from huey.contrib.djhuey import HUEY

    from layoffwatch.notifications.services import deliveries_requeue

    def queue_down(task):
        raise ConnectionError("queue unavailable")

    with Robot() as robot:
        Webhook.objects.create(name="预警工作群", url=robot.url)
        with monkeypatch.context() as patch:
            patch.setattr(HUEY, "enqueue", queue_down)
            _tell([people.sam])  # the caller's change still commits
        lost = Delivery.objects.get()
        assert lost.status == "pending" and Notification.objects.count() == 1
        with running_queue(tmp_path):
            assert deliveries_requeue(at=timezone.now()) == 0  # not stale yet
            later = timezone.now() + timezone.timedelta(minutes=6)
            assert deliveries_requeue(at=later) == 1
            wait_for(lambda: Delivery.objects.filter(status="sent").exists())
    assert len(robot.hits) == 1
