from django.apps import AppConfig


class ReceptionConfig(AppConfig):
    name = "phoihop.reception"
    label = "reception"
    verbose_name = "Tiếp công dân"
