from django.apps import AppConfig


class InformationConfig(AppConfig):
    name = "phoihop.information"
    label = "information"
    verbose_name = "Thông tin về cán bộ"
