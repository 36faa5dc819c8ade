from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

admin.site.site_header = "Cityline administration"
admin.site.site_title = "Cityline"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("console/", include("cityline.console.urls")),
    path("oncall/", include("cityline.oncall.urls")),
    path("notify/", include("cityline.notify.urls")),
    path("open311/v2/", include("cityline.open311.urls")),
    path("voice/", include("cityline.voice.urls")),
    path("sms/", include("cityline.sms.urls")),
    path("", include("cityline.insights.urls")),
    path("", include("cityline.portal.urls")),
]
