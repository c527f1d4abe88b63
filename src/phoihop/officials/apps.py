from django.apps import AppConfig


class OfficialsConfig(AppConfig):
    name = "phoihop.officials"
    label = "officials"
    verbose_name = "Cán bộ, đảng viên"

    def ready(self) -> None:
        from .involvement import involvement

        # information/involvement.py and cases/involvement.py register who else works on an official
        involvement.discover()
