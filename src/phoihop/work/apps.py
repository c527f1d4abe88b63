from django.apps import AppConfig


class WorkConfig(AppConfig):
    name = "phoihop.work"
    label = "work"
    verbose_name = "Việc cần làm"

    def ready(self) -> None:
        from .registry import work

        # Each domain app may define <app>/work.py registering the sources of the work queue.
        work.discover()
