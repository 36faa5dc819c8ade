from django.contrib import admin

from cityline.cases.models import OutboxMessage

from .models import DigestRun, SlaAlert, SmsOptOut


@admin.register(SmsOptOut)
class SmsOptOutAdmin(admin.ModelAdmin):
    list_display = ["number", "opted_out_at", "source"]
    search_fields = ["number"]


@admin.register(SlaAlert)
class SlaAlertAdmin(admin.ModelAdmin):
    list_display = ["case", "kind", "due_at", "created_at"]
    list_filter = ["kind"]
    search_fields = ["case__number"]
    raw_id_fields = ["case"]


@admin.register(DigestRun)
class DigestRunAdmin(admin.ModelAdmin):
    list_display = ["department", "day", "recipients", "created_at"]
    list_filter = ["department"]


class OutboxMessageAdmin(admin.ModelAdmin):
    """The outbox, for whoever asks "did the resident get the text?"."""

    list_display = ["created_at", "kind", "channel", "status", "attempts", "sent_at", "provider_id", "case"]
    list_filter = ["status", "channel", "kind"]
    search_fields = ["case__number", "provider_id", "dedupe_key"]
    raw_id_fields = ["case", "subscription"]
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


# The cases app may register its own view of the outbox; this one only fills the gap.
if not admin.site.is_registered(OutboxMessage):
    admin.site.register(OutboxMessage, OutboxMessageAdmin)
