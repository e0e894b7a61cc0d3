# ADR 0046: the audit log becomes N hash chains. Step 1 of 3: the new columns (existing rows are
# put in chain 1 by 0003; 0004 makes seq database-assigned and (chain, position) unique).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0001_initial'),
    ]

    operations = [
        migrations.RenameField(
            model_name='audithead',
            old_name='last_seq',
            new_name='last_position',
        ),
        migrations.AlterField(
            model_name='audithead',
            name='id',
            field=models.PositiveSmallIntegerField(primary_key=True, serialize=False),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='chain',
            field=models.PositiveSmallIntegerField(default=1, verbose_name='哈希链'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='auditentry',
            name='position',
            field=models.BigIntegerField(null=True, verbose_name='链内序号'),
        ),
    ]
