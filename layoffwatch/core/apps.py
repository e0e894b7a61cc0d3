from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "layoffwatch.core"
    label = "core"

    def ready(self) -> None:
        from .forms import use_chinese_empty_choice

        use_chinese_empty_choice()
