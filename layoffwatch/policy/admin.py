from django.contrib import admin

from .models import PolicyRevision


@admin.register(PolicyRevision)
class PolicyRevisionAdmin(admin.ModelAdmin):
    """Read-only here: revisions are added through the policy page, which validates them (ADR 0013)."""

    list_display = ("file_key", "effective_date", "note", "author", "created_at")
    list_filter = ("file_key",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
