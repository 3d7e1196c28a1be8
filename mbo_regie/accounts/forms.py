"""Sign-in forms that refuse a locked user name with a clear message (see throttle.py)."""
from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm

from . import throttle


class ThrottledLoginMixin:
    def clean(self):
        username = self.cleaned_data.get("username")
        if username and not throttle.attempt_allowed(self.request, username):
            raise forms.ValidationError(throttle.locked_message(), code="throttled")
        return super().clean()


class LoginForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass
