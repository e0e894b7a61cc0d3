from django.db import migrations

from layoffwatch.reference.loaders import load_industries, load_towns


def load(apps, schema_editor):
    load_towns(apps.get_model("reference", "Town"))
    load_industries(apps.get_model("reference", "Industry"))


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
