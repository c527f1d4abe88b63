from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "phoihop.evaluation"
    label = "evaluation"
    verbose_name = "Đánh giá hằng năm"

    def ready(self) -> None:
        from .sources import sources

        # Each domain app may define <app>/evaluation.py registering the figures it adds to the evaluation.
        sources.discover()
