from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "phoihop.accounts"
    label = "accounts"
    verbose_name = "Người dùng và vai trò"

    def ready(self) -> None:
        from . import signals  # noqa: F401 (connects the receivers)
