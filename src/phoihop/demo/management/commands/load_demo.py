"""manage.py load_demo: build the demo province (Hưng Yên, data/demo/hung-yen.yaml) and its demo accounts
(idempotent).

Needs the regulations (`manage.py load_regulations`) to check that every body they name exists. Password of
every demo account: DEMO_PASSWORD from the environment, else phoihop2026 only with DEBUG on or with
--allow-demo-password (what `make run` passes: DEBUG is off there too); otherwise the command refuses, so that a
production database never gets a superuser with the published password by accident.
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections
from django.db.migrations.executor import MigrationExecutor

from ...loader import DEFAULT_PASSWORD, DemoError, DemoResult, build_demo


class Command(BaseCommand):
    help = (
        "Dựng tỉnh mẫu Hưng Yên (cơ quan cấp tỉnh, cấp huyện cũ, mọi xã, phường theo danh mục hành chính "
        "2025) và tài khoản mẫu; chạy lại không tạo trùng. Mật khẩu: biến môi trường DEMO_PASSWORD "
        f"(mặc định {DEFAULT_PASSWORD})."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-demo-password",
            action="store_true",
            help=f"Cho phép mật khẩu mẫu công khai {DEFAULT_PASSWORD} khi DEBUG=0 (máy cục bộ, “make run”).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from_env = os.environ.get("DEMO_PASSWORD", "")
        if not from_env and not settings.DEBUG and not options["allow_demo_password"]:
            raise CommandError(
                "Đang chạy với DEBUG=0 (môi trường thật?): không tạo tài khoản mẫu với mật khẩu công khai "
                f"{DEFAULT_PASSWORD}. Đặt biến môi trường DEMO_PASSWORD nếu thật sự muốn nạp tỉnh mẫu "
                "(trên máy cục bộ: --allow-demo-password, như “make run”)."
            )
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError(
                "Cơ sở dữ liệu chưa được cập nhật cấu trúc: chạy “manage.py migrate” trước “manage.py load_demo”."
            )
        try:
            result = build_demo(from_env or DEFAULT_PASSWORD)
        except DemoError as exc:
            raise CommandError(str(exc)) from None
        except IntegrityError:
            raise CommandError(
                "Một lần nạp tỉnh mẫu khác vừa ghi cùng dữ liệu: không nạp gì, hãy chạy lại lệnh."
            ) from None
        self._report(result, "biến môi trường DEMO_PASSWORD" if from_env else DEFAULT_PASSWORD)

    def _report(self, result: DemoResult, password: str) -> None:
        out = self.stdout.write
        dissolved = (
            f" (giải thể từ {result.districts_dissolved_on:%d/%m/%Y})"
            if result.districts_dissolved_on
            else ""
        )
        out(
            f"Tỉnh mẫu {result.province}: {result.organizations.total} tổ chức ({result.organizations}); "
            f"trong đó {result.communes} đảng ủy xã, phường theo danh mục hành chính 2025 và "
            f"{result.former_district_bodies} cơ quan cấp huyện cũ{dissolved}."
        )
        out(f"Tài khoản mẫu: {result.users.total} ({result.users}). Mật khẩu: {password}.")
        out(f"Cán bộ, đảng viên mẫu (data/demo/officials.yaml): {result.officials}.")
        rows = [("Tài khoản", "Cơ quan", "Vai trò")] + [
            (a.username, a.organization, a.role) for a in result.accounts
        ]
        widths = [max(len(r[i]) for r in rows) for i in range(3)]
        for n, row in enumerate(rows):
            out("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
            if n == 0:
                out("  ".join("-" * w for w in widths))
        for line in result.uncovered:
            self.stderr.write(f"Cảnh báo: tỉnh mẫu chưa có cơ quan mà quy chế nêu — {line}")
