from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import ApiToken, Section, User


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "code", "order")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = (
        "username",
        "display_name",
        "role",
        "section",
        "town",
        "enterprise",
        "is_active",
    )
    list_filter = ("role", "section", "town", "is_active")
    fieldsets = BaseUserAdmin.fieldsets + (
        (
            "LayoffWatch",
            {"fields": ("display_name", "phone", "role", "section", "town", "enterprise")},
        ),
    )
    raw_id_fields = ("enterprise",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "digest", "created_at", "last_used_at")
