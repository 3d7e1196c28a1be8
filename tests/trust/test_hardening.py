"""Hardening: deploy checks, security headers, login throttling, session expiry, password rules,
upload validation, the audit log and no secrets in the repository."""
import io
import json
import os
import re
import secrets
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

from arbitration.forms import DocumentForm as CaseDocumentForm
from arbitration.serializers.inputs import DocumentInput
from mbo_regie import uploads
from mbo_regie.accounts.models import Rol
from mbo_regie.audit.middleware import AuditMiddleware
from mbo_regie.audit.models import AuditEntry
from mbo_regie.security import SessionIdleTimeoutMiddleware
from portfolio.models import IndicatorRun
from portfolio.proposals.forms import DocumentForm as ProposalDocumentForm
from portfolio.proposals.models import Status
from portfolio.proposals.serializers import ProposalDocumentInputSerializer
from tests.factories import UserFactory
from tests.proposals.conftest import build, eager_celery, small  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "geheim-wachtwoord-123"
LOGIN = "/accounts/login/"


# ---- 1. deploy checks with production settings ----------------------------------------------
PRODUCTION_PROBE = """
import json, django
from django.conf import settings
from django.core.management import call_command
django.setup()
call_command("check", deploy=True, fail_level="WARNING")
print(json.dumps({k: getattr(settings, k) for k in (
    "DEBUG", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
    "SESSION_EXPIRE_AT_BROWSER_CLOSE", "CSP_REPORT_ONLY")}))
"""


def test_deploy_checks_are_clean_with_production_settings():
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SECURE_", "SESSION_", "CSP_", "DJANGO_"))}
    env.update(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS="regie.example.nl",
               DJANGO_SETTINGS_MODULE="mbo_regie.settings")
    result = subprocess.run([sys.executable, "-c", PRODUCTION_PROBE], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-4000:]
    assert "System check identified no issues" in result.stderr + result.stdout
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {
        "DEBUG": False, "SECURE_SSL_REDIRECT": True, "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True, "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True, "SECURE_HSTS_PRELOAD": True,
        "SESSION_EXPIRE_AT_BROWSER_CLOSE": True, "CSP_REPORT_ONLY": False}


# ---- 2. security headers ---------------------------------------------------------------------
def test_every_page_carries_a_strict_csp_and_the_security_headers(client):
    response = client.get(LOGIN)
    csp = dict(part.strip().split(" ", 1) for part in
               response["Content-Security-Policy"].split(";"))
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'" and csp["style-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'" and csp["object-src"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    # API answers carry the policy as well.
    assert "Content-Security-Policy" in client.get("/api/schema/")


def test_csp_can_be_switched_to_report_only(settings):
    settings.CSP_REPORT_ONLY = True
    response = Client().get(LOGIN)
    assert "Content-Security-Policy" not in response
    assert "default-src 'self'" in response["Content-Security-Policy-Report-Only"]


def test_https_is_enforced_with_hsts_when_configured_for_production(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    client = Client()
    redirect = client.get(LOGIN)
    assert redirect.status_code == 301
    assert redirect["Location"] == f"https://testserver{LOGIN}"
    secure = client.get(LOGIN, secure=True)
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    # The container health check speaks plain HTTP and must not be redirected.
    assert client.get("/health/").status_code in (200, 503)


def test_session_cookies_are_secure_httponly_and_end_with_the_browser(settings, bestuurder):
    settings.SESSION_COOKIE_SECURE = True
    client = Client()
    client.post(LOGIN, {"username": "bestuurder", "password": PASSWORD}, secure=True)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert not cookie["max-age"] and not cookie["expires"]  # a browser-session cookie


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I), "inline event handler"),
    (re.compile(r"(?:href|src|action)\s*=\s*[\"']\s*javascript:", re.I), "javascript: URL"),
]


def test_no_template_needs_inline_script_or_style():
    """The CSP refuses them, and a refused style or script fails silently in the browser."""
    found = [f"{path.relative_to(ROOT)}: {what}"
             for path in sorted((ROOT / "templates").rglob("*.html"))
             for pattern, what in INLINE if pattern.search(path.read_text())]
    assert not found, found


# ---- 3. login throttling ---------------------------------------------------------------------
def _fail(client, username="bestuurder", times=1, **extra):
    for _ in range(times):
        response = client.post(LOGIN, {"username": username, "password": "fout"}, **extra)
    return response


def test_after_five_failed_logins_even_the_right_password_is_refused(bestuurder):
    client = Client()
    assert _fail(client, times=5).status_code == 200
    response = client.post(LOGIN, {"username": "bestuurder", "password": PASSWORD})
    assert response.status_code == 429
    assert "Te veel mislukte inlogpogingen" in response.content.decode()
    assert "_auth_user_id" not in client.session
    kinds = list(AuditEntry.objects.order_by("id").values_list("kind", flat=True))
    assert kinds == [AuditEntry.Kind.LOGIN_FAILED] * 5 + [AuditEntry.Kind.LOGIN_LOCKED]


def test_the_lock_is_per_user_name_and_address(bestuurder, bestuurder2):
    client = Client()
    _fail(client, username="Bestuurder", times=5)  # user names count case-insensitively
    assert client.post(LOGIN, {"username": "bestuurder", "password": PASSWORD}
                       ).status_code == 429
    other_address = client.post(LOGIN, {"username": "bestuurder", "password": PASSWORD},
                                REMOTE_ADDR="10.1.2.3")
    assert other_address.status_code == 302
    other_user = Client().post(LOGIN, {"username": "bestuurder2", "password": PASSWORD})
    assert other_user.status_code == 302


def test_a_successful_login_resets_the_count(bestuurder):
    client = Client()
    _fail(client, times=4)
    assert client.post(LOGIN, {"username": "bestuurder", "password": PASSWORD}
                       ).status_code == 302
    client = Client()
    _fail(client, times=4)
    assert client.post(LOGIN, {"username": "bestuurder", "password": PASSWORD}
                       ).status_code == 302


def test_the_lock_ends_when_the_window_has_passed(bestuurder, settings):
    settings.LOGIN_FAILURE_WINDOW_SECONDS = 1
    client = Client()
    _fail(client, times=5)
    assert client.post(LOGIN, {"username": "bestuurder", "password": PASSWORD}
                       ).status_code == 429
    time.sleep(1.2)
    assert client.post(LOGIN, {"username": "bestuurder", "password": PASSWORD}
                       ).status_code == 302


def test_the_limit_comes_from_the_settings(bestuurder, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    client = Client()
    _fail(client, times=2)
    assert client.post(LOGIN, {"username": "bestuurder", "password": PASSWORD}
                       ).status_code == 429


def test_the_token_endpoint_answers_429_when_locked(bestuurder):
    api = APIClient()
    for _ in range(5):
        assert api.post("/api/auth/token/", {"username": "bestuurder", "password": "fout"},
                        format="json").status_code == 400
    locked = api.post("/api/auth/token/", {"username": "bestuurder", "password": PASSWORD},
                      format="json")
    assert locked.status_code == 429
    assert "Te veel mislukte inlogpogingen" in locked.json()["errors"][0]["detail"]


def test_a_token_login_resets_the_count_and_is_audited(bestuurder):
    api = APIClient()
    for _ in range(4):
        api.post("/api/auth/token/", {"username": "bestuurder", "password": "fout"},
                 format="json")
    ok = api.post("/api/auth/token/", {"username": "bestuurder", "password": PASSWORD},
                  format="json")
    assert ok.status_code == 200 and ok.json()["token"]
    for _ in range(4):
        api.post("/api/auth/token/", {"username": "bestuurder", "password": "fout"},
                 format="json")
    assert api.post("/api/auth/token/", {"username": "bestuurder", "password": PASSWORD},
                    format="json").status_code == 200
    assert AuditEntry.objects.filter(kind=AuditEntry.Kind.LOGIN, user=bestuurder,
                                     path="/api/auth/token/").count() == 2


def test_the_admin_login_is_throttled_too(staf):
    client = Client()
    for _ in range(5):
        client.post("/admin/login/", {"username": "staf", "password": "fout"})
    response = client.post("/admin/login/", {"username": "staf", "password": PASSWORD})
    assert response.status_code == 200
    assert "Te veel mislukte inlogpogingen" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_no_backend_checks_a_password_while_locked(bestuurder):
    """Whatever the entry point: authenticate() itself refuses (LoginThrottleBackend)."""
    from django.contrib.auth import authenticate

    request = RequestFactory().post(LOGIN)
    for _ in range(5):
        assert authenticate(request, username="bestuurder", password="fout") is None
    assert authenticate(request, username="bestuurder", password=PASSWORD) is None
    assert authenticate(RequestFactory().post(LOGIN, REMOTE_ADDR="10.9.9.9"),
                        username="bestuurder", password=PASSWORD) == bestuurder


# ---- 4. session expiry -----------------------------------------------------------------------
def _signed_in(client_for, user):
    client = client_for(user)
    assert client.get("/").status_code == 200
    return client


def _age(client, key, seconds):
    session = client.session
    session[key] = int(time.time()) - seconds
    session.save()


def test_an_idle_session_ends(client_for, bestuurder, settings):
    client = _signed_in(client_for, bestuurder)
    _age(client, SessionIdleTimeoutMiddleware.LAST_SEEN, settings.SESSION_IDLE_SECONDS + 5)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert AuditEntry.objects.filter(kind=AuditEntry.Kind.LOGOUT, user=bestuurder).exists()


def test_an_active_session_continues(client_for, bestuurder, settings):
    client = _signed_in(client_for, bestuurder)
    _age(client, SessionIdleTimeoutMiddleware.LAST_SEEN, settings.SESSION_IDLE_SECONDS - 60)
    assert client.get("/").status_code == 200
    # The visit counts as activity: the last-seen time moved to now.
    assert client.session[SessionIdleTimeoutMiddleware.LAST_SEEN] >= int(time.time()) - 5


def test_a_session_ends_after_its_maximum_age_however_active(client_for, bestuurder,
                                                             settings):
    client = _signed_in(client_for, bestuurder)
    _age(client, SessionIdleTimeoutMiddleware.SIGNED_IN, settings.SESSION_COOKIE_AGE + 5)
    assert client.get("/").status_code == 302


# ---- 5. password rules on password change -----------------------------------------------------
@pytest.mark.parametrize("new", ["kort1", "12345678901", "wachtwoord", "bestuurder2025"])
def test_password_change_enforces_the_validators(client_for, bestuurder, new):
    response = client_for(bestuurder).post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    bestuurder.refresh_from_db()
    assert bestuurder.check_password(PASSWORD)


def test_a_strong_new_password_is_accepted(client_for, bestuurder):
    new = "Vlinder-Kompas-Regie-91"
    response = client_for(bestuurder).post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert response.status_code == 302
    bestuurder.refresh_from_db()
    assert bestuurder.check_password(new)


# ---- 6. upload validation --------------------------------------------------------------------
def _zip(entries, *, stored_first=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if stored_first:
            archive.writestr(zipfile.ZipInfo(stored_first[0]), stored_first[1])
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _xlsx():
    buffer = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "crebo"
    workbook.save(buffer)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
ODT = _zip({"content.xml": "<office:document-content/>"},
           stored_first=("mimetype", uploads.ODT_MIMETYPE))
GOOD = {
    "notitie.pdf": b"%PDF-1.7\n...",
    "brief.docx": DOCX,
    "tabel.xlsx": _xlsx(),
    "tekst.odt": ODT,
    "leesmij.txt": "Één regel tekst.".encode(),
    "lijst.csv": b"crebo;naam\n25180;Verzorgende-IG\n",
    "kaart.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 20,
    "foto.jpg": b"\xff\xd8\xff\xe0" + b"\x00" * 20,
    "foto.JPEG": b"\xff\xd8\xff\xe0" + b"\x00" * 20,
}


@pytest.mark.parametrize("name", GOOD)
def test_each_allowed_type_with_matching_content_passes(name):
    upload = SimpleUploadedFile(name, GOOD[name])
    assert uploads.upload_checked_name(upload, max_bytes=10**6) == name[:-4] + name[-4:].lower()


@pytest.mark.parametrize(("name", "content", "code"), [
    ("setup.exe", b"MZ\x90\x00", "type"),
    ("pagina.html", b"<html></html>", "type"),
    ("geen-extensie", b"%PDF-1.7", "type"),
    ("nep.pdf", b"<html><script>alert(1)</script>", "content"),
    ("nep.png", b"\xff\xd8\xff\xe0 jpeg", "content"),
    ("nep.jpg", b"GIF89a", "content"),
    ("zip.docx", _zip({"iets.txt": "geen word"}), "content"),
    ("werkboek.docx", _xlsx(), "content"),
    ("brief.xlsx", DOCX, "content"),
    ("brief.odt", DOCX, "content"),
    ("kapot.docx", b"PK\x03\x04 geen zip", "content"),
    ("binair.txt", b"tekst\x00\x01\x02", "content"),
    ("latin1.csv", "café;crème\n".encode("latin-1"), "content"),
    ("leeg.pdf", b"", "empty"),
    ("nul\x00byte.pdf", b"%PDF-1.7", "name_characters"),
    ("regel\neinde.pdf", b"%PDF-1.7", "name_characters"),
    ("factuur\u202efdp.exe", b"%PDF-1.7", "name_characters"),  # right-to-left override
    ("a" * 147 + ".pdf", b"%PDF-1.7", "name_length"),
])
def test_each_bad_upload_is_refused_with_its_reason(name, content, code):
    with pytest.raises(ValidationError) as refused:
        uploads.upload_checked_name(SimpleUploadedFile(name, content), max_bytes=10**6)
    assert refused.value.code == code


def test_an_upload_over_the_limit_is_refused():
    with pytest.raises(ValidationError, match="hoogstens 1 MB") as refused:
        uploads.upload_checked_name(SimpleUploadedFile("groot.txt", b"a" * (2**20 + 1)),
                                    max_bytes=2**20)
    assert refused.value.code == "size"


@pytest.mark.parametrize(("name", "stored"), [
    ("../../etc/Onderbouwing zorg (v2).PDF", "Onderbouwing_zorg_v2.pdf"),
    ("C:\\Users\\bea\\Rapport.pdf", "Rapport.pdf"),
    ("().pdf", "document.pdf"),
    ("a" * 146 + ".pdf", "a" * 146 + ".pdf"),
])
def test_file_names_lose_their_path_and_odd_characters(name, stored):
    assert uploads.upload_checked_name(SimpleUploadedFile(name, b"%PDF-1.7"),
                                       max_bytes=10**6) == stored


def test_both_apps_validate_with_the_one_shared_validator(settings):
    """Forms and serializers of proposals and arbitration give a field error, not a 500/409."""
    fields = [ProposalDocumentForm.base_fields["bestand"],
              CaseDocumentForm.base_fields["bestand"],
              ProposalDocumentInputSerializer().fields["bestand"],
              DocumentInput().fields["bestand"]]
    for field in fields:
        assert any(isinstance(v, uploads.UploadValidator) for v in field.validators), field
    settings.PROPOSALS_MAX_UPLOAD_MB = 1
    form = ProposalDocumentForm(files={"bestand": SimpleUploadedFile("x.pdf", b"a" * 2**21)})
    assert not form.is_valid()
    assert form.errors["bestand"] == ["Een document mag hoogstens 1 MB zijn."]
    serializer = DocumentInput(data={"soort": "standpunt", "titel": "T",
                                     "bestand": SimpleUploadedFile("x.pdf", b"<html>")})
    assert not serializer.is_valid()
    assert "past niet bij de extensie" in str(serializer.errors["bestand"][0])


def test_a_refused_page_upload_shows_the_reason(build, client_for, bestuurder, settings,  # noqa: F811
                                                tmp_path):
    settings.MEDIA_ROOT = tmp_path
    proposal = build(Status.INGEDIEND)
    response = client_for(bestuurder).post(
        reverse("proposals:document_upload", args=[proposal.pk]),
        {"bestand": SimpleUploadedFile("brief.docx", b"PK\x03\x04 geen zip")}, follow=True)
    assert "past niet bij de extensie .docx" in response.content.decode()
    assert not proposal.documenten.exists()


def test_documents_are_downloaded_as_attachments_never_sniffed(build, client_for, bestuurder,  # noqa: F811
                                                               settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    proposal = build(Status.INGEDIEND)
    client = client_for(bestuurder)
    client.post(reverse("proposals:document_upload", args=[proposal.pk]),
                {"bestand": SimpleUploadedFile("brief.docx", DOCX)})
    response = client.get(proposal.documenten.get().get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="brief.docx"'
    assert response["X-Content-Type-Options"] == "nosniff"


# ---- 7. audit log ----------------------------------------------------------------------------
def test_logins_failures_and_logouts_are_recorded(bestuurder):
    client = Client()
    client.post(LOGIN, {"username": "bestuurder", "password": "fout"},
                REMOTE_ADDR="192.0.2.7")
    client.post(LOGIN, {"username": "bestuurder", "password": PASSWORD},
                REMOTE_ADDR="192.0.2.7")
    client.post(reverse("logout"), REMOTE_ADDR="192.0.2.7")
    entries = list(AuditEntry.objects.order_by("id"))
    assert [e.kind for e in entries] == ["login_mislukt", "login", "logout"]
    assert all(e.username == "bestuurder" and e.ip == "192.0.2.7" for e in entries)
    assert entries[0].user is None and entries[1].user == bestuurder
    assert entries[0].path == LOGIN and entries[0].method == "POST"


def test_denied_requests_are_recorded(client_for, raadpleger):
    response = client_for(raadpleger).get(reverse("audit:list"))
    assert response.status_code == 403
    entry = AuditEntry.objects.get(kind=AuditEntry.Kind.DENIED)
    assert (entry.user, entry.path, entry.method, entry.status_code) == (
        raadpleger, "/audit/", "GET", 403)
    assert entry.ip == "127.0.0.1"


def test_api_refusals_are_recorded_with_the_token_user(raadpleger, bestuurder):
    api = APIClient()
    api.force_authenticate(raadpleger)
    response = api.post("/api/voorstellen/", {}, format="json")
    assert response.status_code == 403
    entry = AuditEntry.objects.get(kind=AuditEntry.Kind.DENIED)
    assert entry.user == raadpleger and entry.method == "POST"


def test_a_transition_in_a_request_is_recorded_with_who_asked(build, client_for, bestuurder):  # noqa: F811
    proposal = build(Status.CONCEPT)
    AuditEntry.objects.all().delete()
    response = client_for(bestuurder).post(
        reverse("proposals:transition", args=[proposal.pk, "indienen"]))
    assert response.status_code == 302
    entry = AuditEntry.objects.get(kind=AuditEntry.Kind.TRANSITION)
    assert (entry.object_type, entry.object_id, entry.source, entry.target, entry.transition) == (
        "proposals.proposal", str(proposal.pk), "concept", "ingediend", "submit")
    assert entry.user == bestuurder and entry.path.endswith("/indienen/")


def test_a_transition_outside_a_request_is_recorded_without_a_user(db):
    run = IndicatorRun.objects.create()
    run.start()
    run.save()
    entry = AuditEntry.objects.get(kind=AuditEntry.Kind.TRANSITION)
    assert (entry.object_type, entry.source, entry.target, entry.user) == (
        "portfolio.indicatorrun", "queued", "running", None)


def test_the_middleware_knows_the_request_only_while_it_runs(staf):
    run = IndicatorRun.objects.create()
    request = RequestFactory().post("/indicatoren/runs/")
    request.user = staf

    def view(request):
        run.start()
        run.save()
        return HttpResponse("ok")

    AuditMiddleware(view)(request)
    run.finish()
    run.save()
    by_target = dict(AuditEntry.objects.values_list("target", "user"))
    assert by_target == {"running": staf.pk, "done": None}


def test_only_staff_see_the_audit_log_and_can_filter_it(client_for, staf, bestuurder):
    user_login_failed.send(sender=__name__, credentials={"username": "indringer"},
                           request=RequestFactory().post(LOGIN))
    client = client_for(staf)
    page = client.get(reverse("audit:list"), {"kind": "login_mislukt"}).content.decode()
    assert "indringer" in page
    page = client.get(reverse("audit:list"), {"kind": "logout"}).content.decode()
    assert "indringer" not in page
    page = client.get(reverse("audit:list"), {"gebruiker": "indr"}).content.decode()
    assert "indringer" in page
    assert client_for(bestuurder).get(reverse("audit:list")).status_code == 403


def test_the_admin_shows_the_log_read_only(client_for):
    admin = UserFactory(username="beheerder", rol=Rol.STAF, is_staff=True, is_superuser=True)
    AuditEntry.objects.create(kind=AuditEntry.Kind.LOGIN, username="x")
    client = client_for(admin)
    entry = AuditEntry.objects.get(username="x")
    assert client.get(reverse("admin:audit_auditentry_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    assert client.post(reverse("admin:audit_auditentry_delete", args=[entry.pk]),
                       {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


# ---- 8. no secrets in the repository ---------------------------------------------------------
SECRET_PATTERNS = [
    (re.compile(r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY"),
     "private key"),
    (re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"), "AWS access key id"),
    (re.compile(r"aws_secret_access_key\s*[=:]\s*\S{20,}", re.I), "AWS secret key"),
    (re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b"), "GitHub token"),
    (re.compile(r"\bxox[baprs]-[A-Za-z0-9-]{10,}\b"), "Slack token"),
    (re.compile(r"\bsk_live_[A-Za-z0-9]{16,}\b"), "Stripe live key"),
    (re.compile(r"\b[\w-]*(?:password|passwd|secret(?:_key)?|api_?key|access_?key|token)"
                r"[\"']?\s*[=:]\s*[\"'][^\"'\s]{16,}[\"']", re.I), "long literal password/secret"),
    (re.compile(r"(?:postgres|postgresql|mysql|redis|amqp|smtp)(?:\+\w+)?://[^:/\s@]+:"
                r"[^@\s/]{12,}@", re.I), "credentials in a URL"),
]
# Documented development defaults (README) and test fixtures' throw-away passwords.
ALLOWED_SECRETS = {
    "dev-only-insecure-key-mbo-regie", "regie-demo-2025", "geheim-wachtwoord-123",
    "Vlinder-Kompas-Regie-91", "Nieuw-wachtwoord-456", "build-only",
}
TEXT_SUFFIXES = {".py", ".md", ".txt", ".toml", ".cfg", ".ini", ".yml", ".yaml", ".json",
                 ".html", ".js", ".css", ".sh", ".env", ".example", ".po", ".csv", ""}


def _tracked_text_files():
    try:
        listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                                 "--exclude-standard"], cwd=ROOT, capture_output=True,
                                check=True, timeout=30).stdout.decode().split("\0")
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("git is not available")
    for name in filter(None, listed):
        path = ROOT / name
        if path.suffix in TEXT_SUFFIXES and path.is_file() and path.stat().st_size < 2_000_000:
            yield path


def test_the_secret_scan_recognises_what_it_looks_for():
    samples = ["-----BEGIN RSA PRIVATE KEY-----", "AKIAIOSFODNN7EXAMPLE",
               'password = "Zeer-Geheim-Wachtwoord-42"', "smtp://mail:hunter2hunter2xx@host",
               'api_key: "abcdefghijklmnopqrstuvwxyz"']
    for sample in samples:
        assert any(p.search(sample) for p, _what in SECRET_PATTERNS), sample
    assert not any(p.search('PASSWORD = "geheim"') for p, _what in SECRET_PATTERNS)


def test_no_secrets_are_committed():
    found = []
    for path in _tracked_text_files():
        text = path.read_text(encoding="utf-8", errors="ignore")
        for pattern, what in SECRET_PATTERNS:
            for match in pattern.finditer(text):
                if path == Path(__file__) or any(ok in match.group(0) for ok in ALLOWED_SECRETS):
                    continue
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {what}")
    assert not found, found
