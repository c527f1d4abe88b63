from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "phoihop.organizations"
    label = "organizations"
    verbose_name = "Cơ quan, tổ chức"
