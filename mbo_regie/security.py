"""Security headers Django 5.2 does not set itself: the Content-Security-Policy.

The policy lives in settings (``CONTENT_SECURITY_POLICY``, one string per directive) so a deploy
can tighten or report-only it without code. Every page is built to need nothing inline: styles
and scripts come from /static/, htmx is configured not to inject its indicator style.
"""
import time

from django.conf import settings
from django.contrib.auth import logout


def csp_header_value(directives: dict[str, str]) -> str:
    """The header value of a {directive: sources} mapping, in a stable order."""
    return "; ".join(f"{name} {sources}".strip() for name, sources in directives.items())


class ContentSecurityPolicyMiddleware:
    """Adds Content-Security-Policy (or its -Report-Only twin) to every response.

    A view that needs a different policy sets the header itself; it is never overwritten.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ("Content-Security-Policy-Report-Only"
                       if getattr(settings, "CSP_REPORT_ONLY", False)
                       else "Content-Security-Policy")
        self.value = csp_header_value(getattr(settings, "CONTENT_SECURITY_POLICY", {}))

    def __call__(self, request):
        response = self.get_response(request)
        if self.value and self.header not in response:
            response[self.header] = self.value
        return response


class SessionIdleTimeoutMiddleware:
    """Signs a user out after ``SESSION_IDLE_SECONDS`` without a request, and at the latest
    ``SESSION_COOKIE_AGE`` seconds after signing in (however active the session was).

    The last-seen time is written at most once a minute, so a busy page does not save the
    session on every request; the idle limit is therefore exact to about a minute.
    """

    LAST_SEEN = "_portal_last_seen"
    SIGNED_IN = "_portal_signed_in"
    RESOLUTION = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            self.check(request)
        return self.get_response(request)

    def check(self, request):
        session, now = request.session, int(time.time())
        idle = int(getattr(settings, "SESSION_IDLE_SECONDS", 0))
        last_seen = session.get(self.LAST_SEEN)
        signed_in = session.setdefault(self.SIGNED_IN, now)
        if ((idle and last_seen is not None and now - last_seen > idle)
                or now - signed_in > settings.SESSION_COOKIE_AGE):
            # logout() flushes the session and sends user_logged_out (the audit log sees it).
            logout(request)
        elif last_seen is None or now - last_seen >= self.RESOLUTION:
            session[self.LAST_SEEN] = now


def client_ip(request) -> str:
    """The client's address as the server saw it (a proxy in front is one shared address)."""
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""
