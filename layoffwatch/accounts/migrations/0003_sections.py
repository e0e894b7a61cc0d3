from django.db import migrations

from layoffwatch.accounts.sections import SECTIONS


def load(apps, schema_editor):
    Section = apps.get_model("accounts", "Section")
    for code, name, kind, order in SECTIONS:
        Section.objects.update_or_create(code=code, defaults={"name": name, "kind": kind, "order": order})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
