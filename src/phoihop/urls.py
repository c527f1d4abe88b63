from django.contrib import admin
from django.urls import include, path

from phoihop.scheduler.health import healthz

handler404 = "phoihop.api.exceptions.not_found_handler"  # JSON under /api/, the Vietnamese page elsewhere

urlpatterns = [
    path("healthz", healthz, name="healthz"),  # monitoring: no login (deploy/README.md)
    path("admin/", admin.site.urls),
    path("api/v1/", include("phoihop.api.urls")),
    path("", include("phoihop.web.urls")),
]
