from django.apps import AppConfig


class SchedulerConfig(AppConfig):
    name = "phoihop.scheduler"
    label = "scheduler"
    verbose_name = "Tác vụ định kỳ"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Each domain app may define <app>/jobs.py registering its sweep steps.
        autodiscover_modules("jobs")
