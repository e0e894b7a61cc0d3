"""How one delivery is sent: an email through Django's mail backend, or a JSON post to a robot.

Group-chat robots (企业微信 / 钉钉 take `{"msgtype": "text", "text": {"content": …}}`, 飞书 takes
`{"msg_type": "text", "content": {"text": …}}`) answer HTTP 200 even when they refuse a message,
with a non-zero `errcode` (企业微信、钉钉) or `code` / `StatusCode` (飞书) in the body; that counts
as a failure too, so the message is retried instead of being logged as sent.
"""

import json
import urllib.error
import urllib.request

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from .models import Delivery, Webhook

# A robot message is short: 企业微信 refuses text over 2048 bytes.
WEBHOOK_TEXT_LIMIT = 600


class SendError(Exception):
    """The message was not accepted; the text goes to the delivery log."""


def absolute(link: str) -> str:
    if link.startswith("/") and settings.SITE_URL:
        return settings.SITE_URL.rstrip("/") + link
    return link


def message_text(*, title: str, body: str, link: str) -> str:
    parts = [f"【{title}】"]
    if body:
        parts.append(body)
    if link:
        parts.append(absolute(link))
    return "\n".join(parts)


def webhook_payload(flavour: str, text: str) -> dict:
    text = text[:WEBHOOK_TEXT_LIMIT]
    if flavour == Webhook.Flavour.FEISHU:
        return {"msg_type": "text", "content": {"text": text}}
    return {"msgtype": "text", "text": {"content": text}}


def send_email(delivery: Delivery) -> None:
    message = EmailMessage(
        subject=f"{settings.EMAIL_SUBJECT_PREFIX}{delivery.title}",
        body=message_text(title=delivery.title, body=delivery.body, link=delivery.link),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.target],
        connection=get_connection(timeout=settings.NOTIFY_SEND_TIMEOUT),
    )
    try:
        sent = message.send()
    except Exception as exc:  # smtplib raises many kinds; each means "not accepted"
        raise SendError(f"{type(exc).__name__}: {exc}") from exc
    if sent != 1:
        raise SendError("邮件服务器未接受该邮件")


def post_webhook(delivery: Delivery) -> None:
    text = message_text(title=delivery.title, body=delivery.body, link=delivery.link)
    data = json.dumps(webhook_payload(delivery.flavour, text), ensure_ascii=False).encode()
    request = urllib.request.Request(
        delivery.target,
        data=data,
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.NOTIFY_SEND_TIMEOUT) as response:
            raw = response.read(65536)
    except urllib.error.HTTPError as exc:
        raise SendError(f"HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise SendError(f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}") from exc
    try:
        answer = json.loads(raw or b"{}")
    except ValueError:
        return  # a plain-text 2xx answer: accepted
    if isinstance(answer, dict):
        for key in ("errcode", "code", "StatusCode"):
            if answer.get(key) not in (None, 0, "0"):
                message = answer.get("errmsg") or answer.get("msg") or answer.get("StatusMessage")
                raise SendError(f"{key}={answer[key]} {message or ''}".strip())


SENDERS = {Delivery.Channel.EMAIL: send_email, Delivery.Channel.WEBHOOK: post_webhook}
