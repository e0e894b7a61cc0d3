# ADR 0084: entries are MAC'd with a key from the settings (key_id; 0 = the public SHA-256 of the
# entries written before), and each chain's cut-over is recorded in the database and, out of its
# reach, in the anchor file.

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

from layoffwatch.audit import anchors


def record_cutover(apps, schema_editor):
    """Every chain's entries so far stay unkeyed; the cut-over line anchors where they end."""
    head_model = apps.get_model("audit", "AuditHead")
    using = schema_editor.connection.alias
    heads = list(head_model.objects.using(using).filter(last_position__gt=0).order_by("id"))
    for head in heads:
        head.legacy_until = head.last_position
        head.save(update_fields=["legacy_until"])
    if heads:
        line = anchors.anchor_line(
            kind="cutover",
            at=timezone.now(),
            heads={h.id: (h.last_position, h.last_hash) for h in heads},
            legacy_until={h.id: h.last_position for h in heads},
        )
        anchors.append_line(settings.AUDIT_ANCHOR_FILE, line)


def refuse_with_keyed_rows(apps, schema_editor):
    entry_model = apps.get_model("audit", "AuditEntry")
    if entry_model.objects.using(schema_editor.connection.alias).filter(key_id__gt=0).exists():
        raise RuntimeError(
            "已有带密钥签名的审计记录，不能回退 / keyed audit entries exist: the previous code "
            "could not verify them"
        )


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0004_seq_by_database'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditentry',
            name='key_id',
            field=models.PositiveSmallIntegerField(db_default=0, default=0, verbose_name='密钥编号'),
        ),
        migrations.AddField(
            model_name='audithead',
            name='legacy_until',
            field=models.BigIntegerField(db_default=0, default=0),
        ),
        migrations.RunPython(record_cutover, refuse_with_keyed_rows),
    ]
