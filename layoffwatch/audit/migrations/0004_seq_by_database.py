# ADR 0046, step 3 of 3: seq is assigned by the database (global insertion order), and
# (chain, position) is unique.

from django.core.management.color import no_style
from django.db import migrations, models


def sequence_after_existing_rows(apps, schema_editor):
    """PostgreSQL: the new identity starts at 1; move it past the existing seq values.
    (SQLite's AUTOINCREMENT already continues after the largest rowid.)"""
    connection = schema_editor.connection
    entry = apps.get_model("audit", "AuditEntry")
    for sql in connection.ops.sequence_reset_sql(no_style(), [entry]):
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_rechain_existing'),
    ]

    operations = [
        migrations.AlterField(
            model_name='auditentry',
            name='position',
            field=models.BigIntegerField(verbose_name='链内序号'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='seq',
            field=models.BigAutoField(primary_key=True, serialize=False, verbose_name='序号'),
        ),
        migrations.RunPython(sequence_after_existing_rows, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='auditentry',
            constraint=models.UniqueConstraint(fields=('chain', 'position'), name='audit_entry_chain_position'),
        ),
    ]
