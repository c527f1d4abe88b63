from django.apps import AppConfig


class RegulationsConfig(AppConfig):
    name = "phoihop.regulations"
    label = "regulations"
