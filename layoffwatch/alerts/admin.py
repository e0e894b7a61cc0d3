from django.contrib import admin

from .models import Alert, DistrictAssessment, LiftRequest


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "level", "status", "total_in_window", "split", "opened_at"]
    list_filter = ["level", "status", "split"]
    readonly_fields = [f.name for f in Alert._meta.fields]


@admin.register(LiftRequest)
class LiftRequestAdmin(admin.ModelAdmin):
    list_display = ["alert", "requested_by", "requested_at", "decision", "decided_by"]
    readonly_fields = [f.name for f in LiftRequest._meta.fields]


@admin.register(DistrictAssessment)
class DistrictAssessmentAdmin(admin.ModelAdmin):
    list_display = ["at", "label", "score", "policy_version", "trigger"]
    readonly_fields = [f.name for f in DistrictAssessment._meta.fields]
