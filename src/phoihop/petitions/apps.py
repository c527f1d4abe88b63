from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "phoihop.petitions"
    label = "petitions"
    verbose_name = "Đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh"
