from django import forms
from django.utils.translation import gettext_lazy as _

from .models import EmailNotifications


class OTPCodeForm(forms.Form):
    """A six-digit code from the authenticator app, or (on the code page) a recovery code."""

    code = forms.CharField(
        label=_("Mã xác thực"),
        max_length=32,
        error_messages={"required": _("Hãy nhập mã xác thực.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )


class EmailNotificationsForm(forms.Form):
    """How the user gets notifications by e-mail (issue 11): at once, one digest a working day, or not at all."""

    email_notifications = forms.ChoiceField(
        label=_("Nhận thông báo qua thư điện tử"),
        choices=EmailNotifications.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Hãy chọn một cách nhận thư thông báo."),
            "invalid_choice": _("Hãy chọn một cách nhận thư thông báo trong danh sách."),
        },
    )
