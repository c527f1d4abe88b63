from django.apps import AppConfig


class IdentitiesConfig(AppConfig):
    name = "phoihop.identities"
    label = "identities"
    verbose_name = "Danh tính được bảo vệ"
