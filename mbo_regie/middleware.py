"""Portal middleware: login required by default, and Dutch unless English was chosen."""
from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class PortalLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Django's LoginRequiredMiddleware, leaving /api/ to DRF so token clients get 401, not 302."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class PortalLocaleMiddleware(LocaleMiddleware):
    """Dutch unless the visitor chose English with the language switch (a cookie).

    The browser's Accept-Language is ignored on purpose: the portal is Dutch first, and a page
    should not change language because of a browser setting the user never chose for it.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        languages = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
