"""Cases in the admin are read-only: every change goes through cases/actions.py (the console, the
`cityline case` command), so the history and the outbox are never skipped."""

from django.contrib import admin

from .models import Case, CaseEvent, Interaction, OutboxMessage, Subscription


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class EventInline(admin.TabularInline):
    model = CaseEvent
    fields = ["at", "kind", "who", "public", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = [
        "display_number",
        "service_type",
        "department",
        "status",
        "priority",
        "created_at",
        "sla_due_at",
        "closed_on_time",
    ]
    list_filter = [
        "status",
        "department",
        "service_type",
        "channel",
        "language",
        "closed_on_time",
        "received_after_hours",
    ]
    search_fields = ["number", "address", "description"]
    date_hierarchy = "created_at"
    list_select_related = ["service_type", "department"]
    show_full_result_count = False
    inlines = [EventInline]
    exclude = ["requester"]


@admin.register(Interaction)
class InteractionAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "channel", "language", "outcome", "agent", "case"]
    list_filter = ["channel", "outcome", "language"]
    date_hierarchy = "started_at"
    show_full_result_count = False
    exclude = ["contact_key", "requester"]


@admin.register(OutboxMessage)
class OutboxAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "channel", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind", "channel"]
    show_full_result_count = False
    exclude = ["recipient", "payload"]


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdmin):
    list_display = ["case", "channel", "language", "confirmed_at", "unsubscribed_at"]
    list_filter = ["channel", "language"]
    exclude = ["address", "token"]
