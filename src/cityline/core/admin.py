from django.contrib import admin

from .models import AddressPoint, Closure, District, Jurisdiction


class ClosureInline(admin.TabularInline):
    model = Closure
    extra = 0


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "time_zone", "phone", "catalog_version", "loaded_at"]
    readonly_fields = ["catalog_version", "pack_source", "loaded_at"]
    inlines = [ClosureInline]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(AddressPoint)
class AddressPointAdmin(admin.ModelAdmin):
    list_display = ["address", "lat", "lon"]
    search_fields = ["address", "normalized"]
