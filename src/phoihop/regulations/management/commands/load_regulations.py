"""manage.py load_regulations [--dir PATH]: load data/regulations/*.yaml (idempotent, versioned)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from phoihop.regulations.domain import RegulationDataError, data_files, load_regulation_files


class Command(BaseCommand):
    help = "Nạp các quy chế phối hợp từ tệp YAML (mặc định settings.REGULATIONS_DATA_DIR)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", dest="directory", default=None, help="Thư mục chứa các tệp <mã>.yaml")

    def handle(self, *args: Any, directory: str | None = None, **options: Any) -> None:
        folder = Path(directory) if directory else Path(settings.REGULATIONS_DATA_DIR)
        if not folder.is_dir():
            raise CommandError(f"Không tìm thấy thư mục dữ liệu quy chế: {folder}")
        try:
            result = load_regulation_files(data_files(folder))
        except RegulationDataError as exc:
            raise CommandError(
                "Không nạp quy chế nào do dữ liệu không hợp lệ:\n" + "\n".join(f"- {p}" for p in exc.problems)
            ) from None
        self.stdout.write(result.summary())
