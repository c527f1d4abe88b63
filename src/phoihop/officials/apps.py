from django.apps import AppConfig


class OfficialsConfig(AppConfig):
    name = "phoihop.officials"
    label = "officials"
    verbose_name = "Cán bộ, đảng viên"
