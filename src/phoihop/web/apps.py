from django.apps import AppConfig, apps

# The admin's section headers and model names of the third-party apps, in Vietnamese (issue 11 part 8); our own
# apps and models name themselves. Only the labels shown change: app labels, models and tables stay theirs.
THIRD_PARTY_NAMES: dict[str, tuple[str, dict[str, tuple[str, str]]]] = {
    "authtoken": ("Khóa truy cập API", {"tokenproxy": ("khóa truy cập API", "khóa truy cập API")}),
    "axes": (
        "Khóa đăng nhập sai nhiều lần",
        {
            "accessattempt": ("lần đăng nhập sai", "các lần đăng nhập sai"),
            "accessfailurelog": ("nhật ký đăng nhập sai", "nhật ký đăng nhập sai"),
            "accesslog": ("nhật ký đăng nhập", "nhật ký đăng nhập"),
        },
    ),
    "otp_totp": ("Xác thực hai lớp: ứng dụng tạo mã", {"totpdevice": ("ứng dụng tạo mã", "ứng dụng tạo mã")}),
    "otp_static": ("Xác thực hai lớp: mã dự phòng", {"staticdevice": ("bộ mã dự phòng", "bộ mã dự phòng")}),
}


class WebConfig(AppConfig):
    name = "phoihop.web"
    label = "web"

    def ready(self) -> None:
        for label, (name, models) in THIRD_PARTY_NAMES.items():
            try:
                config = apps.get_app_config(label)
            except LookupError:  # not installed in this deployment
                continue
            config.verbose_name = name
            for model_name, (singular, plural) in models.items():
                meta = config.get_model(model_name)._meta
                meta.verbose_name, meta.verbose_name_plural = singular, plural
