from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "mbo_regie.accounts"
    label = "accounts"
    verbose_name = _("Accounts en rollen")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from . import throttle

        # Every entry point that checks a password sends these: count failures, reset on success.
        user_login_failed.connect(throttle.on_login_failed, dispatch_uid="throttle_failed")
        user_logged_in.connect(throttle.on_logged_in, dispatch_uid="throttle_reset")
