from django import forms
from django.utils.translation import gettext_lazy as _


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
