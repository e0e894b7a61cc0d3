from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "layoffwatch.dashboard"
    label = "dashboard"
