# The parameter file of a revision is any file registered with the policy (ADR 0092), not a fixed
# list of choices; no change to the column.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("policy", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="policyrevision",
            name="file_key",
            field=models.CharField(max_length=40, verbose_name="参数文件"),
        ),
    ]
