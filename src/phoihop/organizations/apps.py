from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "phoihop.organizations"
    label = "organizations"
