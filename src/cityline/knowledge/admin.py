from django.contrib import admin

from .models import Article


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "language", "topic", "key", "active", "updated_at"]
    list_filter = ["language", "topic", "active"]
    search_fields = ["title", "body", "readout", "key", "tags"]
    filter_horizontal = ["services", "departments"]
