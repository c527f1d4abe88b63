from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "phoihop.web"
    label = "web"
