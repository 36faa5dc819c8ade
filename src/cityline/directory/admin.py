from django.contrib import admin

from .models import Contact, Department, DepartmentHoursException, ElectedOfficial, PhoneLine


class PhoneLineInline(admin.TabularInline):
    model = PhoneLine
    extra = 0
    fields = ["position", "label", "number", "kind"]


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ["position", "title", "name", "phone", "email"]


class OfficialInline(admin.TabularInline):
    model = ElectedOfficial
    extra = 0
    fields = ["position", "title", "name", "district", "phone", "email"]


class HoursExceptionInline(admin.TabularInline):
    model = DepartmentHoursException
    extra = 0


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "main_line", "last_verified", "active"]
    list_filter = ["active", "last_verified"]
    search_fields = ["name", "slug", "description", "phones__number", "contacts__title"]
    date_hierarchy = "last_verified"
    inlines = [PhoneLineInline, ContactInline, OfficialInline, HoursExceptionInline]

    @admin.display(description="Main line")
    def main_line(self, department: Department) -> str:
        line = department.main_phone
        return line.display if line else ""


@admin.register(PhoneLine)
class PhoneLineAdmin(admin.ModelAdmin):
    list_display = ["department", "label", "number", "kind"]
    list_filter = ["kind", "department"]
    search_fields = ["number", "label", "department__name"]


@admin.register(ElectedOfficial)
class ElectedOfficialAdmin(admin.ModelAdmin):
    list_display = ["title", "name", "district", "department"]
    search_fields = ["name", "title", "district"]
