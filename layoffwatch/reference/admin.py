from django.contrib import admin

from .models import Holiday, Industry, Town


@admin.register(Town)
class TownAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind")


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "section", "labour_intensive")
    list_filter = ("level", "section", "labour_intensive")
    search_fields = ("code", "name")
    list_editable = ("labour_intensive",)


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ("date", "is_working_day", "name", "note")
    list_filter = ("is_working_day",)
