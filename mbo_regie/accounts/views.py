"""The login page: Django's, with throttling (a refused attempt answers 429)."""
from django.contrib.auth.views import LoginView

from .forms import LoginForm


class PortalLoginView(LoginView):
    authentication_form = LoginForm

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error("__all__", "throttled"):
            response.status_code = 429
        return response
