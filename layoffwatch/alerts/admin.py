from django.contrib import admin

from .models import Alert, Notification


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "level", "status", "total_in_window", "split", "opened_at"]
    list_filter = ["level", "status", "split"]
    readonly_fields = [f.name for f in Alert._meta.fields]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "title", "created_at", "read_at"]
