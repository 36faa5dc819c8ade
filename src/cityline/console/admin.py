from django.contrib import admin

from .models import ResponseTemplate


@admin.register(ResponseTemplate)
class ResponseTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "service_type", "closes_case", "active", "position"]
    list_filter = ["active", "closes_case", "service_type__department"]
    search_fields = ["name", "text", "service_type__name", "service_type__code"]
    list_editable = ["active", "position"]
    autocomplete_fields = ["service_type"]
