from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "layoffwatch.reference"
    label = "reference"
