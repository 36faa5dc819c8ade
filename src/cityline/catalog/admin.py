from django.contrib import admin

from .models import Attribute, ServiceType


class AttributeInline(admin.StackedInline):
    model = Attribute
    extra = 0
    fields = ["order", "code", "datatype", "description", "required", "variable", "values"]


@admin.register(ServiceType)
class ServiceTypeAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "group",
        "department",
        "sla_display",
        "priority",
        "after_hours",
        "requires_contact",
        "active",
    ]
    list_filter = ["active", "group", "department", "priority", "after_hours", "requires_contact"]
    search_fields = ["name", "code", "description", "group"]
    inlines = [AttributeInline]

    @admin.display(description="SLA")
    def sla_display(self, service: ServiceType) -> str:
        return str(service.sla)
