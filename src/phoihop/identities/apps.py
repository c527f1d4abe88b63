from django.apps import AppConfig


class IdentitiesConfig(AppConfig):
    name = "phoihop.identities"
    label = "identities"
    verbose_name = "Danh tính được bảo vệ"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the identity keys' system check)
