"""The admin site of PhốiHợp: Django's own, with its sections and models in Vietnamese alphabetical order
("Đơn thư" after "Danh tính", not after "Xác thực" as code-point order would put it)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest

from phoihop.formats.vi.collation import sort_key


class VietnameseAdminSite(admin.AdminSite):
    def get_app_list(self, request: HttpRequest, app_label: str | None = None) -> list[Any]:
        app_list = super().get_app_list(request, app_label)
        app_list.sort(key=lambda app: sort_key(str(app["name"])))
        for app in app_list:
            app["models"].sort(key=lambda model: sort_key(str(model["name"])))
        return app_list


class PhoihopAdminConfig(AdminConfig):
    default_site = "phoihop.web.admin_site.VietnameseAdminSite"
