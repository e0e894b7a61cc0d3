"""ADR 0100: a finding keeps the recorded message of each of its reasons beside the Chinese, so
that its page says them in the reader's language. Older findings have none and read as stored."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0004_correction_code_qr_expiry"),
    ]

    operations = [
        migrations.AddField(
            model_name="missingreportfinding",
            name="reason_messages",
            field=models.JSONField(blank=True, default=list, verbose_name="依据说明（记录的消息）"),
        ),
    ]
