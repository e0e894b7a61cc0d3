"""ADR 0083: every report gets its own random correction code (更正码); QR links get an expiry.

Existing reports get a code too, but nobody was ever shown it: until staff tell it to the
enterprise, they are corrected by staff or by the enterprise's own logged-in reporter only.
Existing QR links expire 365 days after they were made (reporting.qr_link_valid_days on the day
this migration was written; later links take the value in force when they are made).
"""

import datetime as dt

from django.db import migrations, models

import layoffwatch.reporting.models

LEGACY_VALID_DAYS = 365  # reporting.yaml qr_link_valid_days, 2023-02-23 (ADR 0083)


def fill(apps, schema_editor):
    new_code = layoffwatch.reporting.models.new_correction_code
    for name in ("LayoffReport", "MonthlyReport"):
        model = apps.get_model("reporting", name)
        for report in model.objects.filter(correction_code="").only("pk").iterator():
            model.objects.filter(pk=report.pk).update(correction_code=new_code())
    QrLink = apps.get_model("reporting", "QrLink")
    for link in QrLink.objects.filter(expires_at__isnull=True).only("pk", "created_at"):
        QrLink.objects.filter(pk=link.pk).update(
            expires_at=link.created_at + dt.timedelta(days=LEGACY_VALID_DAYS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0003_monthly_headcount_gap"),
    ]

    operations = [
        migrations.AddField(
            model_name="layoffreport",
            name="correction_code",
            field=models.CharField(
                default="", editable=False, max_length=16, verbose_name="更正码"
            ),
        ),
        migrations.AddField(
            model_name="monthlyreport",
            name="correction_code",
            field=models.CharField(
                default="", editable=False, max_length=16, verbose_name="更正码"
            ),
        ),
        migrations.AddField(
            model_name="qrlink",
            name="expires_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="layoffreport",
            name="correction_code",
            field=models.CharField(
                default=layoffwatch.reporting.models.new_correction_code,
                editable=False,
                max_length=16,
                verbose_name="更正码",
            ),
        ),
        migrations.AlterField(
            model_name="monthlyreport",
            name="correction_code",
            field=models.CharField(
                default=layoffwatch.reporting.models.new_correction_code,
                editable=False,
                max_length=16,
                verbose_name="更正码",
            ),
        ),
    ]
