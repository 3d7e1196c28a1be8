"""Every cell of the permission matrix (mbo_regie/permission_matrix.py) against one small world.

The world is built once per module through the apps' own services (two institutions in one
arbeidsmarktregio, a proposal of each in every state the rows need, cases on every rung of the
ladder, a Werkagenda with an open round, a finished indicator run); every cell runs in its own
savepoint and is rolled back. Allowed cells must succeed (and a page must not report an
error); denied cells must answer 403/404 (or the login redirect / 401) and change nothing.
"""
import datetime
import io
import json
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import messages as django_messages
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from mbo_regie.accounts.models import Rol, User
from mbo_regie.permission_matrix import (
    ALLOW,
    DENY,
    LOGIN,
    ROLES,
    ROWS,
    UNAUTH,
    render_markdown,
)

PASSWORD = "geheim-wachtwoord-123"
DOC = Path(__file__).resolve().parents[2] / "docs" / "permission-matrix.md"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
# Tables that change on every request whoever makes it (sessions) are not "state".
IGNORED_TABLES = {
    "django_session",
    # The audit log records every refusal (403) on purpose: that row is the refusal itself.
    "audit_auditentry",
}


# --- the world ------------------------------------------------------------------------------
def _upload(name="notitie.txt"):
    return SimpleUploadedFile(name, b"Een korte notitie.\n", content_type="text/plain")


def _build_world() -> dict:  # noqa: PLR0915 - one linear script that names every object
    from arbitration.models import Order, PanelMember, Stage
    from arbitration.services import cases, deadlines, execution, hearing, panel, publication
    from portfolio import indicator_services
    from portfolio.indicator_forms import IndicatorSettingsForm
    from portfolio.models import IndicatorRun, IndicatorSettings
    from portfolio.proposals.models import Notification
    from portfolio.proposals.services import consultations, conversation, drafts, lifecycle
    from tests.arbitration.factories import Journey, commissielid
    from tests.factories import (
        AanbodFactory,
        GemeenteFactory,
        InschrijvingFactory,
        InstellingFactory,
        LocatieFactory,
        OpleidingFactory,
        UserFactory,
    )
    from tests.werkagenda.factories import (
        ActieFactory,
        PartijFactory,
        PartijlidFactory,
        RondeFactory,
        VoortgangFactory,
    )
    from werkagenda import services as wa_services
    from werkagenda.models import Indicator

    w: dict = {}
    IndicatorSettings.objects.create(specialist_max_locations=1)
    amsterdam = GemeenteFactory(code="GM0363", naam="Amsterdam", lat=52.37, lon=4.90,
                                inwoners=900_000)
    a = InstellingFactory(brin="25PZ", naam="ROC van Amsterdam", home_gemeente=amsterdam)
    b = InstellingFactory(brin="30RM", naam="ROC TOP", home_gemeente=amsterdam)
    d = InstellingFactory(brin="27DD", naam="Vakcollege Verweg")
    users = {
        "raadpleger": UserFactory(username="raadpleger", rol=Rol.RAADPLEGER),
        "bestuurder": UserFactory(username="bestuurder", rol=Rol.BESTUURDER, instelling=a,
                                  hoofdvertegenwoordiger=True),
        "commissie": UserFactory(username="commissie", rol=Rol.COMMISSIE,
                                 instelling=InstellingFactory(brin="00GT", naam="Albeda")),
        "voorzitter": UserFactory(username="voorzitter", rol=Rol.VOORZITTER),
        "bestuur": UserFactory(username="bestuur", rol=Rol.BESTUUR),
        "staf": UserFactory(username="staf", rol=Rol.STAF, is_staff=True),
    }
    bestuurder, staf = users["bestuurder"], users["staf"]
    bestuurder2 = UserFactory(username="bestuurder2", rol=Rol.BESTUURDER, instelling=b)
    bestuurder_d = UserFactory(username="bestuurder_d", rol=Rol.BESTUURDER, instelling=d)
    lid2 = commissielid("lid2")

    zorg = OpleidingFactory(crebo="25180", naam="Verzorgende-IG", niveau=3)
    entree = OpleidingFactory(crebo="25998", naam="Entree-assistent", niveau=2)
    nieuw = OpleidingFactory(crebo="25300", naam="Instrumentmaker", niveau=4)
    loc_a = LocatieFactory(instelling=a, gemeente=amsterdam, naam="ROC Amsterdam")
    loc_b = LocatieFactory(instelling=b, gemeente=amsterdam, naam="TOP Amsterdam")
    b_zorg = AanbodFactory(instelling=b, opleiding=zorg, locatie=loc_b, capaciteit=80)
    a_entree = AanbodFactory(instelling=a, opleiding=entree, locatie=loc_a)
    inschrijving = InschrijvingFactory(aanbod=a_entree, jaar=2025, studenten=40)
    InschrijvingFactory(aanbod=b_zorg, jaar=2025, studenten=60)
    w.update(gemeente=amsterdam.code, regio=amsterdam.arbeidsmarktregio.code,
             regio_pk=amsterdam.arbeidsmarktregio.pk, provincie=amsterdam.provincie.code,
             brin_eigen=a.brin, brin_ander=b.brin, instelling_eigen=a.pk,
             instelling_ander=b.pk, locatie_eigen=loc_a.pk, locatie_ander=loc_b.pk,
             opleiding=zorg.crebo,
             opleiding_pk=zorg.pk, opleiding_nieuw=nieuw.crebo, opleiding_nieuw_pk=nieuw.pk,
             aanbod_eigen=a_entree.pk, inschrijving=inschrijving.pk, btg=zorg.btg.code,
             over_een_jaar=(timezone.localdate() + datetime.timedelta(days=365)).isoformat())

    # --- proposals: A starts Verzorgende-IG next to B; B starts Entree next to A ----------
    motivatie = dict.fromkeys((
        "maatschappelijke_relevantie", "regionale_dekking", "studentperspectief",
        "onderscheidend", "diversiteit", "doelmatigheid", "impact_op_anderen"), "Motivatie.")

    def proposal(actor, opleiding, locatie, *, when=None):
        p = drafts.proposal_create(actor=actor, soort="starten", titel=f"Start {opleiding.naam}",
                                   samenvatting="Start van een opleiding.")
        change = drafts.change_add(proposal=p, actor=actor, data={
            "actie": "start", "opleiding": opleiding, "locatie": locatie, "leerweg": "BOL",
            "ingangsdatum": when or datetime.date(2030, 8, 1), "studenten": 30,
            "capaciteit": 40, "profiel": "", "capaciteit_onderbouwing": ""})
        drafts.proposal_update(proposal=p, actor=actor, motivatie=motivatie)
        return p, change

    def submitted(actor, opleiding, locatie, **kw):
        p, _change = proposal(actor, opleiding, locatie, **kw)
        lifecycle.proposal_submit(proposal=p, actor=actor)
        return p

    p, change = proposal(bestuurder, zorg, loc_a)
    w.update(p_concept_eigen=p.pk, change_eigen=change.pk)
    p, change = proposal(bestuurder2, entree, loc_b)
    w.update(p_concept_ander=p.pk, change_ander=change.pk)
    doc = conversation.document_upload(proposal=p, actor=bestuurder2, upload=_upload())
    w["document_concept_ander"] = doc.pk

    p = submitted(bestuurder, zorg, loc_a)
    conversation.response_save(proposal=p, actor=bestuurder2, soort="instemming")
    w["p_ingediend_eigen"] = p.pk
    w["document_ingediend"] = conversation.document_upload(
        proposal=p, actor=bestuurder, upload=_upload()).pk
    p_ander = submitted(bestuurder2, entree, loc_b)
    conversation.response_save(proposal=p_ander, actor=bestuurder, soort="instemming")
    w["p_ingediend_ander"] = p_ander.pk
    p = submitted(bestuurder2, entree, loc_b)
    conversation.response_save(proposal=p, actor=bestuurder, soort="bezwaar",
                               redenen={"regionale_dekking": "Wij bieden dit al aan."})
    w["p_bezwaar_ander"] = p.pk

    p = submitted(bestuurder, zorg, loc_a)
    drafts.version_draft_start(proposal=p, actor=bestuurder)
    drafts.proposal_update(proposal=p, actor=bestuurder, samenvatting="Kleinere groep.",
                           toelichting_wijziging="Kleinere startgroep.")
    w["p_versie_eigen"] = p.pk

    p = submitted(bestuurder, zorg, loc_a)
    conversation.response_save(proposal=p, actor=bestuurder2, soort="instemming")
    lifecycle.proposal_conclude(proposal=p, actor=bestuurder)
    w["p_afgestemd_eigen"] = p.pk

    p = submitted(bestuurder, zorg, loc_a, when=timezone.localdate())
    conversation.response_save(proposal=p, actor=bestuurder2, soort="instemming")
    lifecycle.proposal_conclude(proposal=p, actor=bestuurder)
    lifecycle.proposal_decide(proposal=p, actor=bestuurder, besluit="Akkoord.")
    w["p_besloten_eigen"] = p.pk

    p = submitted(bestuurder, zorg, loc_a)
    conversation.response_save(proposal=p, actor=bestuurder2, soort="bezwaar",
                               redenen={"regionale_dekking": "Al ruim aanbod."})
    lifecycle.proposal_dispute(proposal=p, actor=bestuurder2, reden="Geen vergelijk.")
    w["p_geschil"] = p.pk

    overleg = consultations.overleg_save(fields={
        "soort": "regionaal", "titel": "Regio Amsterdam", "datum": datetime.date(2030, 9, 1),
        "arbeidsmarktregio": amsterdam.arbeidsmarktregio, "btg": None, "notulen": ""})
    item = consultations.agenda_item_add(
        overleg=overleg, proposal=p.__class__.objects.get(pk=w["p_ingediend_eigen"]))
    w.update(overleg=overleg.pk, agendapunt=item.pk)
    melding = Notification.objects.filter(ontvanger=bestuurder).order_by("pk").first()
    assert melding is not None, "the bestuurder was invited, so he has a notification"
    w["melding_bestuurder"] = melding.pk

    # --- escalation cases: opened by B against A, so A carries the ruling's orders ---------
    journey = Journey(staf=staf, partij=bestuurder2, wederpartij=bestuurder,
                      bestuur=users["bestuur"], voorzitter=users["voorzitter"],
                      leden=[users["commissie"], lid2], aanbod=b_zorg)
    for key, stage in (("zaak_dialoog", Stage.DIALOOG), ("zaak_advies", Stage.ADVIES),
                       ("zaak_signaal", Stage.SIGNAAL),
                       ("zaak_reactie", Stage.REACTIE_BESTUUR),
                       ("zaak_bemiddeling", Stage.BEMIDDELING),
                       ("zaak_uitspraak", Stage.UITSPRAAK)):
        w[key] = journey.at(stage).pk
    case = journey.at(Stage.EVALUATIE)
    execution.lesson_add(case=case, actor=bestuurder2, tekst="Eerder met elkaar praten.")
    execution.lesson_add(case=case, actor=users["voorzitter"], tekst="Heldere afspraken.")
    w["zaak_evaluatie"] = case.pk
    case = journey.at(Stage.BEMIDDELING)
    journey.prepare_arbitration(case)
    w["zaak_bemiddeling_klaar"] = case.pk
    case = journey.at(Stage.ARBITRAGE)
    journey.compose_panel(case)
    journey.draft_ruling(case)
    stuk = hearing.document_add(case=case, actor=bestuurder, soort="standpunt",
                                titel="Standpunt", tekst="Zo zit het.", upload=_upload())
    vraag = hearing.question_ask(case=case, actor=users["voorzitter"], vraag="Hoeveel?",
                                 aan=None)
    w.update(zaak_arbitrage=case.pk, stuk=stuk.pk, vraag=vraag.pk,
             hoorzitting=case.hoorzittingen.get().pk,
             last_arbitrage=Order.objects.get(ruling__case=case).pk,
             panellid2=PanelMember.objects.get(case=case, user=lid2).pk,
             lid3=commissielid("lid3").pk)
    case = journey.at(Stage.UITVOERING)
    w.update(zaak_uitvoering=case.pk, last_uitvoering=Order.objects.get(ruling__case=case).pk)
    case = journey.at(Stage.UITVOERING)
    for order in Order.objects.filter(ruling__case=case):
        execution.order_verify(case=case, actor=staf, order=order, verificatie="Gecontroleerd.")
    w["zaak_uitvoering_klaar"] = case.pk
    case = journey.at(Stage.GESLOTEN)
    w["gepubliceerd"] = publication.case_publish(case=case, actor=staf, titel="Werving",
                                                 samenvatting="Kort.").pk
    case = journey.at(Stage.DIALOOG)
    deadlines.case_suspend(case=case, actor=staf, reden="Pauze.")
    w["zaak_opgeschort"] = case.pk
    case = journey.at(Stage.DIALOOG)
    cases.step_skip_request(case=case, actor=bestuurder2, stap="bemiddeling", reden="Niet nodig.")
    w["zaak_overslaan"] = case.pk
    other = Journey(staf=staf, partij=bestuurder2, wederpartij=bestuurder_d,
                    bestuur=users["bestuur"], voorzitter=users["voorzitter"], leden=[],
                    aanbod=b_zorg)
    w["zaak_ander"] = other.open().pk
    w["belang_commissie"] = panel.interest_declare(actor=users["commissie"],
                                                   omschrijving="Lid RvT elders",
                                                   instelling=d).pk
    w.update(instelling_d=d.pk, brin_d=d.brin)

    # --- Werkagenda: an action of the bestuurder's party and one of OCW, an open round -------
    eigen, ocw = PartijFactory(code="roc-a", naam="ROC A"), PartijFactory(code="ocw",
                                                                          naam="OCW")
    PartijlidFactory(partij=eigen, user=bestuurder)
    actie = ActieFactory(code="1.1.1", volgorde=1, partijen=[eigen])
    ActieFactory(code="1.1.2", volgorde=2, partijen=[ocw])
    ronde = RondeFactory(code="zomer-2024", naam="zomer 2024", volgorde=1)
    voortgang = VoortgangFactory(actie=actie, ronde=ronde)
    wa_services.ronde_publish(ronde=ronde, actor=None)
    open_ronde = wa_services.ronde_open(code="najaar-2025", naam="najaar 2025", actor=staf)
    indicator = Indicator.objects.create(code="vsv", naam="Voortijdig schoolverlaten",
                                         doelstelling=actie.doelstelling, eenheid="%",
                                         richting="dalen")
    w.update(actie_eigen="1.1.1", actie_ander="1.1.2", partij=eigen.code,
             ronde_open=open_ronde.code, voortgang=voortgang.pk, wa_indicator=indicator.code)

    # --- indicators: one finished run on this world, and one failed run ----------------------
    run = indicator_services.indicator_run_request(user=staf)
    indicator_services.indicator_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == IndicatorRun.Status.DONE, run.status
    failed = IndicatorRun.objects.create()
    IndicatorRun.objects.filter(pk=failed.pk).update(status=IndicatorRun.Status.FAILED)
    form = IndicatorSettingsForm(instance=IndicatorSettings.objects.get())
    w.update(run_klaar=run.pk, run_mislukt=failed.pk,
             tabel=sorted(run.counts)[0],
             settings_form={name: form[name].value() for name in form.fields
                            if form[name].value() is not None})
    w["users"] = {role: user.pk for role, user in users.items()}
    return w


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, built once; each cell runs in a savepoint inside this transaction."""
    overrides = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"),
                                  CELERY_TASK_ALWAYS_EAGER=True)
    overrides.enable()
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            w = _build_world()
            # One session per role, made once: each cell gets a fresh client with its cookie.
            w["sessions"] = {}
            for role, pk in w["users"].items():
                client = Client()
                client.force_login(User.objects.get(pk=pk))
                w["sessions"][role] = client.cookies[settings.SESSION_COOKIE_NAME].value
            # One client for every cell: a new Client loads the middleware again, and
            # WhiteNoise then scans every static file (most of the time of a cell).
            w["client"] = Client()
            yield w
            transaction.set_rollback(True)
    finally:
        overrides.disable()


# --- one cell -------------------------------------------------------------------------------
def _resolve(value, world):
    if isinstance(value, str) and value.startswith("@"):
        return _upload() if value == "@file" else world[value[1:]]
    if isinstance(value, list):
        return [_resolve(v, world) for v in value]
    if isinstance(value, dict):
        return {k: _resolve(v, world) for k, v in value.items()}
    return value


def _url(row, world) -> str:
    if row.url.startswith("/"):
        return row.url
    return reverse(row.url, kwargs=_resolve(row.kwargs, world))


def _snapshot() -> dict:
    """Every row of every table (the world is small): any write shows up as a difference."""
    out = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in IGNORED_TABLES:
                continue
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')  # noqa: S608 - table names
            out[table] = cursor.fetchall()
    return out


def _prepare(state: str) -> None:
    if state == "geen_open_ronde":
        from werkagenda import services
        from werkagenda.selectors import ronde_open_get
        services.ronde_publish(ronde=ronde_open_get(), actor=None)
    elif state:
        raise AssertionError(f"unknown state {state!r}")


def _request(client, row, world):
    url = _url(row, world)
    data = _resolve(row.data, world) if row.data is not None else None
    if row.method == "GET":
        return client.get(url)
    if row.fmt == "json" or row.method in ("PUT", "PATCH", "DELETE"):
        return getattr(client, row.method.lower())(url, json.dumps(data or {}),
                                                   content_type="application/json")
    return client.post(url, data or {})  # form or multipart


def _success_codes(row) -> tuple:
    if row.ok:
        return row.ok
    if row.method == "GET":
        return (200,)
    if row.api:
        return {"POST": (200, 201), "PUT": (200,), "PATCH": (200,), "DELETE": (204,)}[row.method]
    return (302,)


def _check(row, role, world, before) -> str | None:
    """Request the cell as ``role``; the failure as text, or None."""
    client = world["client"]
    client.cookies = SimpleCookie()
    if role != "anoniem":
        client.cookies[settings.SESSION_COOKIE_NAME] = world["sessions"][role]
    expected = row.expected(role)
    response = _request(client, row, world)
    status = response.status_code
    where = (f"{row.key} as {role}: expected {expected}, got {status} "
             f"{response.get('Location', '')} {getattr(response, 'content', b'')[:200]!r}")
    if expected == ALLOW:
        if status not in _success_codes(row):
            return where
        if not row.api and row.method in UNSAFE:
            errors = [str(m) for m in get_messages(response.wsgi_request)
                      if m.level == django_messages.ERROR]
            if errors:
                return f"{where}: the page reported {errors}"
        return None
    if expected == DENY and status not in (403, 404):
        return where
    if expected == LOGIN and not (status == 302 and "login" in response["Location"]):
        return where
    if expected == UNAUTH and status not in (401, 403):
        return where
    if before is not None:
        after = _snapshot()
        changed = [table for table in before if before[table] != after.get(table)]
        if changed:
            return f"{where}: refused, yet changed {changed}"
    return None


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=[f"{i:03d}-{r.key}" for i, r in enumerate(ROWS)])
def test_row(world, row):
    """Every role on one row, each in its own savepoint on the same world."""
    failures = []
    before = None
    for role in ROLES:
        with transaction.atomic():
            _prepare(row.state)
            # The state step writes (with the time of now), so it needs its own snapshot.
            if row.method in UNSAFE and row.expected(role) != ALLOW and (
                    before is None or row.state):
                before = _snapshot()
            failure = _check(row, role, world, before if row.method in UNSAFE else None)
            transaction.set_rollback(True)
        if failure:
            failures.append(failure)
    assert not failures, "\n".join(failures)


# --- the table covers the project, and its rendering is current ------------------------------
def _patterns(patterns=None, prefix="", namespace=None):
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            yield from _patterns(p.url_patterns, prefix + str(p.pattern),
                                 p.namespace or namespace)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), namespace, p


def _methods(callback) -> set[str]:
    """The methods a view answers (for DRF and class-based views); empty = unknown."""
    cls = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if cls is None:
        return set()
    allowed = {m for m in cls.http_method_names if m not in ("options", "head", "trace")}
    actions = getattr(callback, "actions", None)
    names = set(actions) if actions else {m for m in allowed if hasattr(cls, m)}
    if getattr(callback, "cls", None) is None:
        # Django's form views alias PUT to POST, but a browser form only ever posts.
        names &= {"get", "post"}
    return {m.upper() for m in names & allowed}


def _endpoints() -> dict[str, set[str]]:
    """key -> methods: the URL name (or the path, for names used twice) of every pattern."""
    found, seen = [], set()
    for route, namespace, pattern in _patterns():
        if route in seen:
            continue  # shadowed by an earlier pattern for the same path
        seen.add(route)
        if "(?P<format>" in route or "<drf_format_suffix" in route:
            continue  # the same view with a .json suffix
        if namespace == "admin" and pattern.name != "index":
            continue  # the admin is Django's: only the login check on its index
        name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
        found.append((route, name, _methods(pattern.callback)))
    names = [n for _r, n, _m in found]
    out: dict[str, set[str]] = {}
    for route, name, methods in found:
        key = name
        if name is None or names.count(name) > 1:
            key = "/" + route.replace("^", "").replace("$", "")
        out.setdefault(key, set()).update(methods)
    return out


def test_every_url_pattern_and_method_has_a_row():
    rows: dict[str, set[str]] = {}
    for row in ROWS:
        rows.setdefault(row.url, set()).add(row.method)
    endpoints = _endpoints()
    missing = sorted(k for k in endpoints if k not in rows)
    assert not missing, f"URL patterns without a row in the permission matrix: {missing}"
    missing_methods = sorted(f"{m} {k}" for k, methods in endpoints.items()
                             for m in methods - rows[k])
    assert not missing_methods, f"methods without a row: {missing_methods}"
    keys = [(r.url, r.method, repr(r.kwargs), repr(r.data), r.target) for r in ROWS]
    twice = sorted({k[:2] for k in keys if keys.count(k) > 1})
    assert not twice, f"rows listed twice: {twice}"
    stale = sorted(k for k in rows if k not in endpoints)
    assert not stale, f"rows for URL patterns that no longer exist: {stale}"


def test_the_rendered_matrix_in_docs_is_up_to_date():
    out = io.StringIO()
    call_command("permission_matrix", stdout=out)
    assert out.getvalue() == render_markdown()
    assert DOC.read_text(encoding="utf-8") == render_markdown(), (
        "docs/permission-matrix.md is stale: run "
        "`.venv/bin/python manage.py permission_matrix > docs/permission-matrix.md`")
