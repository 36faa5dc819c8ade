from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html

from .models import Voicemail


@admin.register(Voicemail)
class VoicemailAdmin(admin.ModelAdmin):
    """The voicemails left for the 311 centre and departments: listen, call back, mark handled."""

    list_display = ("received_at", "department", "language", "duration_seconds", "transcription_short", "handled_at")
    list_filter = ("handled_at", "department", "language")
    readonly_fields = (
        "call_sid",
        "interaction",
        "caller",
        "language",
        "recording",
        "duration_seconds",
        "transcription",
        "transcription_status",
        "received_at",
    )
    fields = (*readonly_fields, "department", "handled_at", "handled_by")
    actions = ["mark_handled"]
    date_hierarchy = "received_at"

    @admin.display(description="Transcription")
    def transcription_short(self, voicemail: Voicemail) -> str:
        return (voicemail.transcription[:80] + "…") if len(voicemail.transcription) > 80 else voicemail.transcription

    @admin.display(description="Recording")
    def recording(self, voicemail: Voicemail) -> str:
        if not voicemail.recording_url:
            return "—"
        return format_html('<a href="{}" rel="noreferrer">Listen</a>', voicemail.recording_url)

    @admin.action(description="Mark as handled (called back)")
    def mark_handled(self, request, queryset):
        queryset.filter(handled_at=None).update(handled_at=timezone.now(), handled_by=request.user)
