from django.contrib import admin

from .models import Assignment, CaseStep, CaseTask, Filing, ResponseCase, WrittenReport


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    """Administrators assign section heads and responsible leaders here (ADR 0052)."""

    list_display = ["kind", "key", "user"]
    list_filter = ["kind"]


@admin.register(ResponseCase)
class ResponseCaseAdmin(admin.ModelAdmin):
    list_display = ["pk", "alert", "level", "status", "opened_at", "closed_at"]
    list_filter = ["level", "status"]
    readonly_fields = [f.name for f in ResponseCase._meta.fields]


for model in (CaseStep, CaseTask, Filing, WrittenReport):
    admin.site.register(model, admin.ModelAdmin)
