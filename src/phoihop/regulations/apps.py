from django.apps import AppConfig


class RegulationsConfig(AppConfig):
    name = "phoihop.regulations"
    label = "regulations"
    verbose_name = "Quy chế phối hợp"
