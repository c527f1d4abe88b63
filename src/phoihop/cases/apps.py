from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "phoihop.cases"
    label = "cases"
    verbose_name = "Vụ án, vụ việc"
