from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo province (`manage.py load_demo`): data/demo/ read by phoihop.demo.loader. No models."""

    name = "phoihop.demo"
    label = "demo"
    verbose_name = "Tỉnh mẫu"
