from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html

from .models import (
    Escalation,
    EscalationLevel,
    EscalationPolicy,
    Page,
    Rotation,
    RotationMember,
    RotationOverride,
    _token,
)
from .rotations import calendar_feed_path


class MemberInline(admin.TabularInline):
    model = RotationMember
    extra = 0
    fields = ["position", "user"]
    autocomplete_fields = ["user"]


class OverrideInline(admin.TabularInline):
    model = RotationOverride
    extra = 0
    fields = ["user", "starts_at", "ends_at", "reason"]
    autocomplete_fields = ["user"]


@admin.register(Rotation)
class RotationAdmin(admin.ModelAdmin):
    list_display = ["name", "department", "handoff", "handoff_time", "on_call_now", "active"]
    list_filter = ["department", "handoff", "active"]
    search_fields = ["name", "department__name"]
    inlines = [MemberInline, OverrideInline]
    readonly_fields = ["calendar_feed"]
    actions = ["new_calendar_address"]
    fields = ["department", "name", "handoff", "handoff_time", "starts_on", "position", "active", "calendar_feed"]

    @admin.display(description="On call now")
    def on_call_now(self, rotation: Rotation) -> str:
        shift = rotation.shift_at(timezone.now())
        if shift is None or shift.user is None:
            return "NOBODY"
        return f"{shift.name} (override)" if shift.is_override else shift.name

    @admin.display(description="Calendar feed (keep secret)")
    def calendar_feed(self, rotation: Rotation) -> str:
        if not rotation.pk:
            return "Saved rotations have a calendar feed."
        from django.conf import settings

        url = settings.SITE_URL + calendar_feed_path(rotation)
        return format_html('<a href="{}">{}</a>', url, url)

    @admin.action(description="Give the calendar feed a new secret address (the old one stops working)")
    def new_calendar_address(self, request, queryset) -> None:
        for rotation in queryset:
            rotation.calendar_token = _token()
            rotation.save(update_fields=["calendar_token"])


class LevelInline(admin.TabularInline):
    model = EscalationLevel
    extra = 0
    fields = ["position", "label", "rotation", "rotation_offset", "user", "wait_minutes"]
    autocomplete_fields = ["user"]


@admin.register(EscalationPolicy)
class EscalationPolicyAdmin(admin.ModelAdmin):
    list_display = ["department", "repeat"]
    inlines = [LevelInline]


class PageInline(admin.TabularInline):
    model = Page
    extra = 0
    fields = ["paged_at", "level", "label", "user", "phone", "status", "answered_at", "answered_via"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Escalation)
class EscalationAdmin(admin.ModelAdmin):
    """The paging trail of each urgent after-hours case (read-only: paging changes through answers)."""

    list_display = ["case", "department", "state", "level", "started_at", "acknowledged_by", "ended_at"]
    list_filter = ["state", "department"]
    search_fields = ["case__number"]
    readonly_fields = [
        "case",
        "department",
        "state",
        "level",
        "round",
        "started_at",
        "next_step_at",
        "ended_at",
        "acknowledged_by",
    ]
    inlines = [PageInline]

    def has_add_permission(self, request) -> bool:
        return False
