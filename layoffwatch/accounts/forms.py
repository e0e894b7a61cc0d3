from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码错误。连续失败多次后账号将被临时锁定。"),
        "inactive": _("该账号已停用，请联系系统管理员。"),
        "locked": _(
            "登录失败次数过多，账号已临时锁定，请 %(minutes)s 分钟后再试或联系系统管理员。"
        ),
        "throttled": _("尝试过于频繁，请 %(seconds)s 秒后再试。"),
    }

    username = forms.CharField(label=_("用户名"), max_length=150)
    password = forms.CharField(label=_("密码"), strip=False, widget=forms.PasswordInput)

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            if getattr(self.request, "login_locked", False):
                raise forms.ValidationError(
                    self.error_messages["locked"],
                    code="locked",
                    params={"minutes": settings.LOGIN_LOCKOUT_MINUTES},
                )
            wait = getattr(self.request, "login_wait_seconds", 0)
            if wait:
                raise forms.ValidationError(
                    self.error_messages["throttled"], code="throttled", params={"seconds": wait}
                )
            raise
