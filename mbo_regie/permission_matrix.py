"""The permission matrix: every page and endpoint × every role, with the expected outcome.

One declarative table (``ROWS``). Each row names a URL (by URL name, or a literal path where
names repeat), the HTTP method, the object it acts on and, per role, whether the role may do it.
``tests/trust/test_permission_matrix.py`` checks every cell against a small fixture world and
fails when a URL pattern of the project has no row here; ``manage.py permission_matrix``
renders the table as Markdown (``docs/permission-matrix.md``).

Values in ``kwargs`` and ``data`` that start with ``@`` name an object of the test world
(``@p_concept_eigen`` is a concept proposal of the bestuurder's own institution); the matrix
itself holds no data. ``target`` marks object-level rows: ``eigen`` acts on an object of the
bestuurder's own institution, ``ander`` on one of another institution. ``state`` names a
preparation step the test performs first (e.g. closing the open Werkagenda round).
"""
from dataclasses import dataclass, field

ROLES = ("anoniem", "raadpleger", "bestuurder", "commissie", "voorzitter", "bestuur", "staf")
MEMBERS = ROLES[1:]

# Outcomes of one cell.
ALLOW = "allow"      # success: 2xx (or the page's redirect after a successful write)
DENY = "deny"        # 403 or 404, and nothing changed
LOGIN = "login"      # anonymous on a page: redirect to the login page, nothing changed
UNAUTH = "unauth"    # anonymous on the API: 401 or 403, nothing changed

ALL = " ".join(MEMBERS)
NOBODY = ""
# Shorthands for recurring groups (the predicates they mirror are named in the rows' notes).
STAF = "staf"
EIGEN = "bestuurder staf"                      # proposer's institution, or staff
ACTING = "bestuurder commissie staf"           # acts for an institution (or staff)
DISCUSS = "bestuurder commissie voorzitter bestuur staf"   # every member but the raadpleger
PANEL = "commissie voorzitter staf"            # panel members and staff
CASE_ALL = "bestuurder commissie voorzitter bestuur staf"  # parties, panel, board, staff


@dataclass(frozen=True)
class Row:
    label: str
    url: str                     # URL name ("proposals:edit") or a literal path ("/api/")
    method: str
    allow: frozenset             # the member roles that may
    anon: str                    # LOGIN, UNAUTH or ALLOW (public)
    kwargs: dict = field(default_factory=dict)
    data: dict | None = None
    fmt: str = "form"            # request body: form, json or multipart
    target: str = ""             # "eigen" / "ander": object-level rows
    state: str = ""              # preparation step before the request
    ok: tuple = ()               # success statuses; empty = the default for the kind
    special: tuple = ()          # (role, outcome) pairs overriding allow/deny
    api: bool = False

    def expected(self, role: str) -> str:
        """The outcome this row expects for ``role``."""
        override = dict(self.special)
        if role in override:
            return override[role]
        if role == "anoniem":
            return self.anon
        return ALLOW if role in self.allow else DENY

    @property
    def key(self) -> str:
        extra = f" ({self.target})" if self.target else ""
        return f"{self.method} {self.url}{extra} {self.label}".strip()


def _roles(allow: str) -> frozenset:
    roles = frozenset(allow.split())
    unknown = roles - set(MEMBERS)
    if unknown:
        raise ValueError(f"Unknown roles in the permission matrix: {sorted(unknown)}")
    return roles


def page(label, url, allow, method="GET", *, anon=LOGIN, **kw) -> Row:
    return Row(label=label, url=url, method=method, allow=_roles(allow), anon=anon, **kw)


def api(label, url, allow, method="GET", *, anon=UNAUTH, fmt="json", **kw) -> Row:
    return Row(label=label, url=url, method=method, allow=_roles(allow), anon=anon, fmt=fmt,
               api=True, **kw)


def _verb(slug):
    return {"pk": "@p_concept_eigen", "verb": slug}


P = "@p_ingediend_eigen"
NOTE = {"tekst": "Toelichting bij de stap."}
MOTIVATIE = {f"motivatie_{k}": "Motivatie." for k in (
    "maatschappelijke_relevantie", "regionale_dekking", "studentperspectief", "onderscheidend",
    "diversiteit", "doelmatigheid", "impact_op_anderen")}
CHANGE = {"actie": "start", "opleiding": "@opleiding_nieuw_pk", "locatie": "@locatie_eigen",
          "leerweg": "BBL", "ingangsdatum": "2031-08-01", "studenten": "20"}
CHANGE_ANDER = {**CHANGE, "locatie": "@locatie_ander"}
CHANGE_API = {"actie": "start", "opleiding": "@opleiding_nieuw", "locatie": "@locatie_eigen",
              "leerweg": "BBL", "ingangsdatum": "2031-08-01", "studenten": 20}
PASSWORD = "geheim-wachtwoord-123"  # noqa: S105 - the test users' password (tests/conftest.py)

ROWS: list[Row] = [
    # --- project pages and accounts ----------------------------------------------------
    page("Start", "home", ALL),
    page("Mijn gegevens", "member_export", ALL),
    page("Mijn gegevens exporteren", "member_export", ALL, "POST", ok=(200,)),
    page("Health", "health", ALL, anon=ALLOW, ok=(200, 503)),
    page("Inloggen", "login", ALL, anon=ALLOW),
    page("Inloggen", "login", ALL, "POST", anon=ALLOW,
         data={"username": "raadpleger", "password": PASSWORD}),
    page("Uitloggen", "logout", ALL, "POST", anon=ALLOW),
    page("Wachtwoord wijzigen", "password_change", ALL),
    page("Wachtwoord wijzigen", "password_change", ALL, "POST", data={
        "old_password": PASSWORD, "new_password1": "Nieuw-wachtwoord-456",
        "new_password2": "Nieuw-wachtwoord-456"}),
    page("Wachtwoord gewijzigd", "password_change_done", ALL),
    page("Wachtwoord vergeten", "password_reset", ALL, anon=ALLOW),
    page("Wachtwoord vergeten", "password_reset", ALL, "POST", anon=ALLOW,
         data={"email": "staf@example.org"}),
    page("Wachtwoord-mail verstuurd", "password_reset_done", ALL, anon=ALLOW),
    page("Nieuw wachtwoord (link)", "password_reset_confirm", ALL, anon=ALLOW,
         kwargs={"uidb64": "MQ", "token": "ongeldig"}),
    page("Nieuw wachtwoord (link)", "password_reset_confirm", ALL, "POST", anon=ALLOW,
         kwargs={"uidb64": "MQ", "token": "ongeldig"}, ok=(200,),
         data={"new_password1": "Nieuw-wachtwoord-456", "new_password2": "Nieuw-wachtwoord-456"}),
    page("Wachtwoord hersteld", "password_reset_complete", ALL, anon=ALLOW),
    page("Taal kiezen", "set_language", ALL, "POST", anon=ALLOW, data={"language": "en"}),
    page("Auditlog", "audit:list", STAF),
    # Django admin: only a login check here; staff users (is_staff) get in, others are
    # sent to the admin login.
    page("Beheer (Django admin)", "admin:index", STAF,
         special=tuple((r, LOGIN) for r in MEMBERS if r != "staf")),
    # --- registries (portfolio) -----------------------------------------------------------
    page("Gemeenten", "portfolio:gemeente_list", ALL),
    page("Gemeente", "portfolio:gemeente_detail", ALL, kwargs={"code": "@gemeente"}),
    page("Arbeidsmarktregio's", "portfolio:regio_list", ALL),
    page("Arbeidsmarktregio", "portfolio:regio_detail", ALL, kwargs={"code": "@regio"}),
    page("Provincies", "portfolio:provincie_list", ALL),
    page("Provincie", "portfolio:provincie_detail", ALL, kwargs={"code": "@provincie"}),
    page("Instellingen", "portfolio:instelling_list", ALL),
    page("Instelling", "portfolio:instelling_detail", ALL, kwargs={"brin": "@brin_eigen"},
         target="eigen"),
    page("Instelling", "portfolio:instelling_detail", ALL, kwargs={"brin": "@brin_ander"},
         target="ander"),
    page("Locaties", "portfolio:locatie_list", ALL),
    page("Locatie", "portfolio:locatie_detail", ALL, kwargs={"pk": "@locatie_eigen"}),
    page("Opleidingen", "portfolio:opleiding_list", ALL),
    page("Opleiding", "portfolio:opleiding_detail", ALL, kwargs={"crebo": "@opleiding"}),
    page("Aanbod", "portfolio:aanbod_list", ALL),
    page("Aanbod", "portfolio:aanbod_detail", ALL, kwargs={"pk": "@aanbod_eigen"}),
    # --- indicators -------------------------------------------------------------------------
    page("Indicatoren", "indicators:overview", ALL),
    page("Kerncijfers", "indicators:cards", ALL),
    page("Kaart", "indicators:map", ALL),
    page("Methode", "indicators:method", ALL),
    page("Parameters", "indicators:settings", STAF),
    page("Parameters", "indicators:settings", STAF, "POST", data="@settings_form"),
    page("Berekeningen", "indicators:runs", ALL),
    page("Berekening starten", "indicators:run_start", STAF, "POST"),
    page("Berekeningen vergelijken", "indicators:run_compare", ALL),
    page("Berekening", "indicators:run_detail", ALL, kwargs={"pk": "@run_klaar"}),
    page("Voortgang berekening", "indicators:run_progress", ALL, kwargs={"pk": "@run_klaar"}),
    page("Berekening opnieuw", "indicators:run_retry", STAF, "POST",
         kwargs={"pk": "@run_mislukt"}),
    page("Resultaattabel", "indicators:table", ALL,
         kwargs={"pk": "@run_klaar", "name": "@tabel"}),
    # --- proposals (pages) ----------------------------------------------------------------
    page("Voorstellen", "proposals:list", ALL),
    page("Nieuw voorstel", "proposals:create", ACTING),
    page("Nieuw voorstel", "proposals:create", ACTING, "POST", data={
        "soort": "starten", "titel": "Nieuw", "samenvatting": "Samenvatting.",
        "instelling": "@instelling_eigen"}),
    page("Mijn acties", "proposals:inbox", ALL),
    page("Meldingen gelezen", "proposals:notifications_read", ALL, "POST"),
    page("Voorstel (concept)", "proposals:detail", EIGEN, kwargs={"pk": "@p_concept_eigen"},
         target="eigen"),
    page("Voorstel (concept)", "proposals:detail", STAF, kwargs={"pk": "@p_concept_ander"},
         target="ander"),
    page("Voorstel (ingediend)", "proposals:detail", ALL, kwargs={"pk": P}),
    page("Voorstel bewerken", "proposals:edit", EIGEN, kwargs={"pk": "@p_concept_eigen"},
         target="eigen"),
    page("Voorstel bewerken", "proposals:edit", EIGEN, "POST",
         kwargs={"pk": "@p_concept_eigen"}, target="eigen",
         data={"titel": "Nieuwe titel", "samenvatting": "Nieuw.", **MOTIVATIE}),
    page("Voorstel bewerken", "proposals:edit", STAF, "POST",
         kwargs={"pk": "@p_concept_ander"}, target="ander",
         data={"titel": "Nieuwe titel", "samenvatting": "Nieuw.", **MOTIVATIE}),
    page("Wijziging toevoegen", "proposals:change_add", EIGEN,
         kwargs={"pk": "@p_concept_eigen"}, target="eigen"),
    page("Wijziging toevoegen", "proposals:change_add", EIGEN, "POST",
         kwargs={"pk": "@p_concept_eigen"}, target="eigen", data=CHANGE),
    page("Wijziging toevoegen", "proposals:change_add", STAF, "POST",
         kwargs={"pk": "@p_concept_ander"}, target="ander", data=CHANGE_ANDER),
    page("Wijziging bewerken", "proposals:change_edit", EIGEN,
         kwargs={"pk": "@p_concept_eigen", "change_id": "@change_eigen"}, target="eigen"),
    page("Wijziging bewerken", "proposals:change_edit", STAF,
         kwargs={"pk": "@p_concept_ander", "change_id": "@change_ander"}, target="ander"),
    page("Wijziging verwijderen", "proposals:change_delete", EIGEN, "POST",
         kwargs={"pk": "@p_concept_eigen", "change_id": "@change_eigen"}, target="eigen"),
    page("Wijziging verwijderen", "proposals:change_delete", STAF, "POST",
         kwargs={"pk": "@p_concept_ander", "change_id": "@change_ander"}, target="ander"),
    page("Versie", "proposals:version", ALL, kwargs={"pk": P, "nummer": 1}),
    # can_respond: invited and not the proposer; staff do not answer for an institution.
    page("Reageren", "proposals:respond", NOBODY, kwargs={"pk": P}, target="eigen"),
    page("Reageren", "proposals:respond", "bestuurder", kwargs={"pk": "@p_ingediend_ander"},
         target="ander"),
    page("Reageren", "proposals:respond", "bestuurder", "POST",
         kwargs={"pk": "@p_ingediend_ander"}, target="ander",
         data={"soort": "instemming", "toelichting": "Akkoord."}),
    page("Bericht plaatsen", "proposals:message_post", DISCUSS, "POST", kwargs={"pk": P},
         data={"tekst": "Een vraag."}),
    page("Bericht plaatsen", "proposals:message_post", STAF, "POST",
         kwargs={"pk": "@p_concept_ander"}, target="ander", data={"tekst": "Een vraag."}),
    page("Document uploaden", "proposals:document_upload", DISCUSS, "POST", kwargs={"pk": P},
         fmt="multipart", data={"bestand": "@file"}),
    page("Document downloaden", "proposals:document", ALL,
         kwargs={"document_id": "@document_ingediend"}),
    page("Document downloaden", "proposals:document", STAF,
         kwargs={"document_id": "@document_concept_ander"}, target="ander"),
    page("Indienen", "proposals:transition", EIGEN, "POST", kwargs=_verb("indienen"),
         target="eigen"),
    page("Indienen", "proposals:transition", STAF, "POST",
         kwargs={"pk": "@p_concept_ander", "verb": "indienen"}, target="ander"),
    page("Nieuwe versie", "proposals:transition", EIGEN, "POST",
         kwargs={"pk": P, "verb": "nieuwe-versie"}, target="eigen"),
    page("Versie publiceren", "proposals:transition", EIGEN, "POST",
         kwargs={"pk": "@p_versie_eigen", "verb": "publiceren"}, target="eigen"),
    page("Concept weggooien", "proposals:transition", EIGEN, "POST",
         kwargs={"pk": "@p_versie_eigen", "verb": "concept-weggooien"}, target="eigen"),
    # can_sign: only a partner institution of a swap or joint proposal.
    page("Ondertekenen", "proposals:transition", NOBODY, "POST",
         kwargs={"pk": "@p_versie_eigen", "verb": "ondertekenen"}, target="eigen"),
    page("Intrekken", "proposals:transition", EIGEN, "POST",
         kwargs={"pk": P, "verb": "intrekken"}, target="eigen"),
    page("Intrekken", "proposals:transition", STAF, "POST",
         kwargs={"pk": "@p_ingediend_ander", "verb": "intrekken"}, target="ander"),
    page("Afstemmen", "proposals:transition", EIGEN, "POST",
         kwargs={"pk": P, "verb": "afstemmen"}, target="eigen"),
    page("Afstemmen", "proposals:transition", STAF, "POST",
         kwargs={"pk": "@p_ingediend_ander", "verb": "afstemmen"}, target="ander"),
    # can_dispute: proposer, invited institutions and staff.
    page("Geschil melden", "proposals:transition", EIGEN, "POST",
         kwargs={"pk": "@p_bezwaar_ander", "verb": "geschil"}, target="ander",
         data={"tekst": "Geen overeenstemming."}),
    page("Besluiten", "proposals:transition", EIGEN, "POST",
         kwargs={"pk": "@p_afgestemd_eigen", "verb": "besluiten"}, target="eigen",
         data={"tekst": "Akkoord."}),
    page("Uitvoeren", "proposals:transition", STAF, "POST",
         kwargs={"pk": "@p_besloten_eigen", "verb": "uitvoeren"}, target="eigen"),
    page("Overleggen", "proposals:overleg_list", ALL),
    page("Nieuw overleg", "proposals:overleg_create", STAF),
    page("Nieuw overleg", "proposals:overleg_create", STAF, "POST", data={
        "soort": "regionaal", "titel": "Regio-overleg", "datum": "2031-01-15",
        "arbeidsmarktregio": "@regio_pk"}),
    page("Overleg", "proposals:overleg_detail", ALL, kwargs={"overleg_id": "@overleg"}),
    page("Overleg bewerken", "proposals:overleg_edit", STAF, kwargs={"overleg_id": "@overleg"}),
    page("Overleg bewerken", "proposals:overleg_edit", STAF, "POST",
         kwargs={"overleg_id": "@overleg"}, data={
             "soort": "regionaal", "titel": "Ander overleg", "datum": "2031-02-01",
             "arbeidsmarktregio": "@regio_pk"}),
    page("Agendapunt toevoegen", "proposals:agenda_add", STAF, "POST",
         kwargs={"overleg_id": "@overleg"}, data={"proposal": "@p_ingediend_ander"}),
    page("Uitkomst agendapunt", "proposals:agenda_outcome", STAF, "POST",
         kwargs={"item_id": "@agendapunt"}, data={"uitkomst": "afgestemd", "toelichting": ""}),
    page("Agendapunt verwijderen", "proposals:agenda_remove", STAF, "POST",
         kwargs={"item_id": "@agendapunt"}),
    # --- escalation and arbitration (pages) -------------------------------------------------
    page("Geschillen", "arbitration:case_list", ALL),
    page("Zaak openen", "arbitration:case_create", ACTING),
    page("Zaak openen", "arbitration:case_create", ACTING, "POST", data={
        "titel": "Werving", "aanleiding": "werving", "omschrijving": "Actieve werving.",
        "melder": "@instelling_eigen", "wederpartijen": "@instelling_ander"}),
    page("Betwiste voorstellen", "arbitration:disputed_proposals", STAF),
    page("Zaak uit voorstel", "arbitration:case_open", STAF,
         kwargs={"proposal_id": "@p_geschil"}),
    page("Zaak uit voorstel", "arbitration:case_open", STAF, "POST",
         kwargs={"proposal_id": "@p_geschil"}, data={"titel": "Geschil"}),
    page("Casuïstiek", "arbitration:library", ALL, anon=ALLOW),
    page("Casuïstiek (zaak)", "arbitration:library_detail", ALL, anon=ALLOW,
         kwargs={"pk": "@gepubliceerd"}),
    page("Belangenregister", "arbitration:interests", "commissie voorzitter"),
    page("Belang melden", "arbitration:interests", "commissie voorzitter", "POST",
         data={"omschrijving": "Lid raad van toezicht", "instelling": "@instelling_d"}),
    # Only one's own declaration: another member's interest is not found.
    page("Belang beëindigen", "arbitration:interest_end", "commissie", "POST",
         kwargs={"pk": "@belang_commissie"}),
    page("Zaak (dialoog)", "arbitration:case_detail", EIGEN, kwargs={"pk": "@zaak_dialoog"},
         target="eigen"),
    page("Zaak (dialoog)", "arbitration:case_detail", STAF, kwargs={"pk": "@zaak_ander"},
         target="ander"),
    # The commissie governance reads a case that asks for its advice (and gives it there).
    page("Zaak (advies)", "arbitration:case_detail", ACTING, kwargs={"pk": "@zaak_advies"},
         target="eigen"),
    page("Advies vastleggen", "arbitration:case_action", "commissie staf", "POST",
         kwargs={"pk": "@zaak_advies", "verb": "advies-vastleggen"},
         data={"advies-vastleggen-soort": "advies", "advies-vastleggen-tekst": "Zoek samen."}),
    page("Zaak (arbitrage)", "arbitration:case_detail", CASE_ALL,
         kwargs={"pk": "@zaak_arbitrage"}, target="eigen"),
    page("Dossier afdrukken", "arbitration:case_print", CASE_ALL,
         kwargs={"pk": "@zaak_arbitrage"}, target="eigen"),
    page("Dossier afdrukken", "arbitration:case_print", STAF, kwargs={"pk": "@zaak_ander"},
         target="ander"),
    page("Panel samenstellen", "arbitration:case_panel", STAF, kwargs={"pk": "@zaak_arbitrage"}),
    page("Uitspraak", "arbitration:case_ruling", CASE_ALL, kwargs={"pk": "@zaak_uitspraak"}),
    page("Samenvatting publiceren", "arbitration:case_publish", STAF,
         kwargs={"pk": "@zaak_uitspraak"}),
    page("Stuk downloaden", "arbitration:document", CASE_ALL,
         kwargs={"pk": "@zaak_arbitrage", "document_id": "@stuk"}),
    page("Advies vragen", "arbitration:case_action", EIGEN, "POST",
         kwargs={"pk": "@zaak_dialoog", "verb": "advies-vragen"}, target="eigen",
         data={"advies-vragen-toelichting": "We komen er niet uit."}),
    page("Advies vragen", "arbitration:case_action", STAF, "POST",
         kwargs={"pk": "@zaak_ander", "verb": "advies-vragen"}, target="ander",
         data={"advies-vragen-toelichting": "We komen er niet uit."}),
    page("Reactie bestuur", "arbitration:case_action", "bestuur staf", "POST",
         kwargs={"pk": "@zaak_signaal", "verb": "reactie-bestuur"},
         data={"reactie-bestuur-soort": "gesprek", "reactie-bestuur-tekst": "Koffie."}),
    page("Vraag aan partijen", "arbitration:case_action", "commissie voorzitter", "POST",
         kwargs={"pk": "@zaak_arbitrage", "verb": "vraag"},
         data={"vraag-vraag": "Hoeveel studenten?"}),
    page("Uitspraak ondertekenen", "arbitration:case_action", "voorzitter", "POST",
         kwargs={"pk": "@zaak_arbitrage", "verb": "ondertekenen"}),
    # --- Werkagenda (pages) -------------------------------------------------------------------
    page("Werkagenda", "werkagenda:index", ALL),
    page("Actie", "werkagenda:actie", ALL, kwargs={"code": "@actie_eigen"}),
    # can_update_progress: staff, or a bestuurder who speaks for one of the action's parties.
    page("Voortgang bijwerken", "werkagenda:voortgang_update", EIGEN, "POST",
         kwargs={"code": "@actie_eigen"}, target="eigen",
         data={"tekst": "Loopt.", "categorie": "op_schema"}),
    page("Voortgang bijwerken", "werkagenda:voortgang_update", STAF, "POST",
         kwargs={"code": "@actie_ander"}, target="ander",
         data={"tekst": "Loopt.", "categorie": "op_schema"}),
    page("Koppelingen", "werkagenda:koppelingen", STAF, kwargs={"code": "@actie_eigen"}),
    page("Koppelingen", "werkagenda:koppelingen", STAF, "POST", kwargs={"code": "@actie_eigen"},
         data={"opleidingen": "@opleiding"}),
    page("Dashboard", "werkagenda:dashboard", ALL),
    page("Partijen", "werkagenda:partij_list", ALL),
    page("Partij", "werkagenda:partij", ALL, kwargs={"code": "@partij"}),
    page("Rapportagerondes", "werkagenda:ronde_list", ALL),
    page("Ronde openen", "werkagenda:ronde_open", STAF, "POST", state="geen_open_ronde",
         data={"naam": "voorjaar 2026", "code": "voorjaar-2026"}),
    page("Rondes vergelijken", "werkagenda:ronde_diff", ALL),
    page("Ronde", "werkagenda:ronde", ALL, kwargs={"code": "@ronde_open"}),
    page("Ronde publiceren", "werkagenda:ronde_publish", STAF, "POST",
         kwargs={"code": "@ronde_open"}),
    # --- API: authentication and schema -------------------------------------------------------
    api("Token", "api-token", ALL, "POST", anon=ALLOW,
        data={"username": "raadpleger", "password": PASSWORD}),
    api("OpenAPI-schema", "api-schema", ALL, anon=ALLOW),
    api("API-documentatie", "api-docs", ALL, anon=ALLOW),
    # --- API: registries ------------------------------------------------------------------------
    api("Registers (root)", "/api/", ALL),
    api("Kerncijfers", "api-counts", ALL),
    api("Provincies", "provincie-list", ALL),
    api("Provincie", "provincie-detail", ALL, kwargs={"code": "@provincie"}),
    api("Arbeidsmarktregio's", "arbeidsmarktregio-list", ALL),
    api("Arbeidsmarktregio", "arbeidsmarktregio-detail", ALL, kwargs={"code": "@regio"}),
    api("Gemeenten", "gemeente-list", ALL),
    api("Gemeente", "gemeente-detail", ALL, kwargs={"code": "@gemeente"}),
    api("Bedrijfstakgroepen", "bedrijfstakgroep-list", ALL),
    api("Bedrijfstakgroep", "bedrijfstakgroep-detail", ALL, kwargs={"code": "@btg"}),
    api("Instellingen", "instelling-list", ALL),
    api("Instelling", "instelling-detail", ALL, kwargs={"brin": "@brin_eigen"}),
    api("Locaties", "locatie-list", ALL),
    api("Locatie", "locatie-detail", ALL, kwargs={"pk": "@locatie_eigen"}),
    api("Opleidingen", "opleiding-list", ALL),
    api("Opleiding", "opleiding-detail", ALL, kwargs={"crebo": "@opleiding"}),
    api("Aanbod", "aanbod-list", ALL),
    # Registry writes are staff work; a bestuurder changes his offer through a proposal.
    api("Aanbod toevoegen", "aanbod-list", STAF, "POST", data={
        "instelling": "@brin_eigen", "opleiding": "@opleiding_nieuw", "locatie": "@locatie_eigen",
        "leerweg": "BBL", "status": "gepland"}),
    api("Aanbod", "aanbod-detail", ALL, kwargs={"pk": "@aanbod_eigen"}),
    api("Aanbod wijzigen", "aanbod-detail", STAF, "PUT", kwargs={"pk": "@aanbod_eigen"}, data={
        "instelling": "@brin_eigen", "opleiding": "@opleiding", "locatie": "@locatie_eigen",
        "leerweg": "BOL", "status": "actief", "capaciteit": 70}),
    api("Aanbod wijzigen", "aanbod-detail", STAF, "PATCH", kwargs={"pk": "@aanbod_eigen"},
        target="eigen", data={"capaciteit": 60}),
    api("Inschrijvingen", "inschrijving-list", ALL),
    api("Inschrijving", "inschrijving-detail", ALL, kwargs={"pk": "@inschrijving"}),
    # --- API: indicators ------------------------------------------------------------------------
    api("Indicatoren (root)", "/api/indicatoren/", ALL),
    api("Wat-als", "api-whatif", ALL, "POST", data={"changes": [
        {"action": "start", "opleiding_id": "@opleiding_nieuw_pk",
         "locatie_id": "@locatie_eigen", "leerweg": "BOL", "studenten": 20}]}),
    api("Berekeningen", "indicatorrun-list", ALL),
    api("Laatste berekening", "indicatorrun-latest", ALL),
    api("Berekening", "indicatorrun-detail", ALL, kwargs={"pk": "@run_klaar"}),
    api("Tabellen", "indicatorrun-tables", ALL, kwargs={"pk": "@run_klaar"}),
    api("Tabelrijen", "indicatorrun-table-rows", ALL,
        kwargs={"pk": "@run_klaar", "naam": "@tabel"}),
    # --- API: proposals ---------------------------------------------------------------------------
    api("Voorstellen", "proposal-list", ALL),
    api("Voorstel aanmaken", "proposal-list", ACTING, "POST", data={
        "soort": "starten", "titel": "Nieuw", "instelling": "@brin_eigen"}),
    api("Voorstel (concept)", "proposal-detail", EIGEN, kwargs={"pk": "@p_concept_eigen"},
        target="eigen"),
    api("Voorstel (concept)", "proposal-detail", STAF, kwargs={"pk": "@p_concept_ander"},
        target="ander"),
    api("Voorstel bewerken", "proposal-detail", EIGEN, "PATCH",
        kwargs={"pk": "@p_concept_eigen"}, target="eigen", data={"titel": "Nieuwe titel"}),
    api("Voorstel bewerken", "proposal-detail", STAF, "PATCH",
        kwargs={"pk": "@p_concept_ander"}, target="ander", data={"titel": "Nieuwe titel"}),
    api("Indienen", "proposal-indienen", EIGEN, "POST", kwargs={"pk": "@p_concept_eigen"},
        target="eigen"),
    api("Indienen", "proposal-indienen", STAF, "POST", kwargs={"pk": "@p_concept_ander"},
        target="ander"),
    api("Nieuwe versie", "proposal-nieuwe-versie", EIGEN, "POST", kwargs={"pk": P},
        target="eigen"),
    api("Versie publiceren", "proposal-aanpassen", EIGEN, "POST",
        kwargs={"pk": "@p_versie_eigen"}, target="eigen"),
    api("Ondertekenen", "proposal-ondertekenen", NOBODY, "POST",
        kwargs={"pk": "@p_versie_eigen"}, target="eigen"),
    api("Intrekken", "proposal-intrekken", EIGEN, "POST", kwargs={"pk": P}, target="eigen",
        data={"tekst": "Niet meer nodig."}),
    api("Intrekken", "proposal-intrekken", STAF, "POST", kwargs={"pk": "@p_ingediend_ander"},
        target="ander", data={"tekst": "Niet meer nodig."}),
    api("Afstemmen", "proposal-afstemmen", EIGEN, "POST", kwargs={"pk": P}, target="eigen",
        data={}),
    api("Afstemmen", "proposal-afstemmen", STAF, "POST", kwargs={"pk": "@p_ingediend_ander"},
        target="ander", data={}),
    api("Geschil melden", "proposal-geschil", EIGEN, "POST",
        kwargs={"pk": "@p_bezwaar_ander"}, target="ander",
        data={"tekst": "Geen overeenstemming."}),
    api("Besluiten", "proposal-besluiten", EIGEN, "POST", kwargs={"pk": "@p_afgestemd_eigen"},
        target="eigen", data={"tekst": "Akkoord."}),
    api("Uitvoeren", "proposal-uitvoeren", STAF, "POST", kwargs={"pk": "@p_besloten_eigen"},
        target="eigen"),
    api("Wijziging toevoegen", "proposal-wijzigingen", EIGEN, "POST",
        kwargs={"pk": "@p_concept_eigen"}, target="eigen", data=CHANGE_API),
    api("Wijziging toevoegen", "proposal-wijzigingen", STAF, "POST",
        kwargs={"pk": "@p_concept_ander"}, target="ander",
        data={**CHANGE_API, "locatie": "@locatie_ander"}),
    api("Reacties", "proposal-reacties", ALL, kwargs={"pk": P}),
    api("Reageren", "proposal-reacties", NOBODY, "PUT", kwargs={"pk": P}, target="eigen",
        data={"soort": "instemming"}),
    api("Reageren", "proposal-reacties", "bestuurder", "PUT",
        kwargs={"pk": "@p_ingediend_ander"}, target="ander", data={"soort": "instemming"}),
    api("Berichten", "proposal-berichten", ALL, kwargs={"pk": P}),
    api("Bericht plaatsen", "proposal-berichten", DISCUSS, "POST", kwargs={"pk": P},
        data={"tekst": "Een vraag."}),
    api("Bericht plaatsen", "proposal-berichten", STAF, "POST",
        kwargs={"pk": "@p_concept_ander"}, target="ander", data={"tekst": "Een vraag."}),
    api("Documenten", "proposal-documenten", ALL, kwargs={"pk": P}),
    api("Document uploaden", "proposal-documenten", DISCUSS, "POST", kwargs={"pk": P},
        fmt="multipart", data={"bestand": "@file"}),
    api("Versies", "proposal-versies", ALL, kwargs={"pk": P}),
    api("Wijziging", "proposal-change-detail", EIGEN, kwargs={"pk": "@change_eigen"},
        target="eigen"),
    api("Wijziging", "proposal-change-detail", STAF, kwargs={"pk": "@change_ander"},
        target="ander"),
    api("Wijziging bewerken", "proposal-change-detail", EIGEN, "PATCH",
        kwargs={"pk": "@change_eigen"}, target="eigen", data={"studenten": 25}),
    api("Wijziging bewerken", "proposal-change-detail", STAF, "PATCH",
        kwargs={"pk": "@change_ander"}, target="ander", data={"studenten": 25}),
    api("Wijziging verwijderen", "proposal-change-detail", EIGEN, "DELETE",
        kwargs={"pk": "@change_eigen"}, target="eigen"),
    api("Wijziging verwijderen", "proposal-change-detail", STAF, "DELETE",
        kwargs={"pk": "@change_ander"}, target="ander"),
    api("Overleggen", "overleg-list", ALL),
    api("Overleg plannen", "overleg-list", STAF, "POST", data={
        "soort": "regionaal", "titel": "Regio-overleg", "datum": "2031-01-15",
        "arbeidsmarktregio": "@regio"}),
    api("Overleg", "overleg-detail", ALL, kwargs={"pk": "@overleg"}),
    api("Overleg wijzigen", "overleg-detail", STAF, "PATCH", kwargs={"pk": "@overleg"},
        data={"notulen": "Besproken."}),
    api("Agendapunt toevoegen", "overleg-agenda", STAF, "POST", kwargs={"pk": "@overleg"},
        data={"proposal": "@p_ingediend_ander"}),
    api("Agendapunt", "agendapunt-detail", ALL, kwargs={"pk": "@agendapunt"}),
    api("Uitkomst agendapunt", "agendapunt-detail", STAF, "PATCH",
        kwargs={"pk": "@agendapunt"}, data={"uitkomst": "afgestemd"}),
    api("Agendapunt verwijderen", "agendapunt-detail", STAF, "DELETE",
        kwargs={"pk": "@agendapunt"}),
    api("Meldingen", "melding-list", ALL),
    # A notification belongs to one user: anyone else's is not found.
    api("Melding gelezen", "melding-gelezen", "bestuurder", "POST",
        kwargs={"pk": "@melding_bestuurder"}, target="eigen"),
    api("Mijn acties", "proposal-inbox", ALL),
    # --- API: escalation and arbitration ----------------------------------------------------
    api("Geschillen (root)", "/api/geschillen/", ALL),
    api("Zaken", "case-list", ALL),
    api("Zaak openen", "case-list", ACTING, "POST", data={
        "titel": "Werving", "aanleiding": "werving", "omschrijving": "Actieve werving.",
        "melder": "@brin_eigen", "wederpartijen": ["@brin_ander"]}),
    api("Zaak uit voorstel", "case-uit-voorstel", STAF, "POST",
        data={"voorstel": "@p_geschil"}),
    api("Zaak (dialoog)", "case-detail", EIGEN, kwargs={"pk": "@zaak_dialoog"},
        target="eigen"),
    api("Zaak (dialoog)", "case-detail", STAF, kwargs={"pk": "@zaak_ander"}, target="ander"),
    api("Zaak (signaal)", "case-detail", "bestuurder bestuur staf",
        kwargs={"pk": "@zaak_signaal"}, target="eigen"),
    api("Tijdlijn", "case-tijdlijn", EIGEN, kwargs={"pk": "@zaak_dialoog"}, target="eigen"),
    api("Dossier", "case-dossier", CASE_ALL, kwargs={"pk": "@zaak_arbitrage"}),
    api("Panel", "case-panel", CASE_ALL, kwargs={"pk": "@zaak_arbitrage"}),
    api("Kandidaten panel", "case-kandidaten", STAF, kwargs={"pk": "@zaak_arbitrage"}),
    api("Uitspraak", "case-uitspraak", CASE_ALL, kwargs={"pk": "@zaak_uitspraak"}),
    # the ladder (escalate: parties and staff)
    api("Advies vragen", "case-advies-vragen", EIGEN, "POST", kwargs={"pk": "@zaak_dialoog"},
        target="eigen", data={"toelichting": "We komen er niet uit."}),
    api("Advies vragen", "case-advies-vragen", STAF, "POST", kwargs={"pk": "@zaak_ander"},
        target="ander", data={"toelichting": "We komen er niet uit."}),
    # record_advice: commission members who are no party, and staff.
    api("Advies vastleggen", "case-advies-vastleggen", "commissie staf", "POST",
        kwargs={"pk": "@zaak_advies"}, data={"soort": "advies", "tekst": "Zoek samen."}),
    api("Signaal aan bestuur", "case-signaal-bestuur", EIGEN, "POST",
        kwargs={"pk": "@zaak_dialoog"}, target="eigen", data={"toelichting": "Vastgelopen."}),
    api("Reactie bestuur", "case-reactie-bestuur", "bestuur staf", "POST",
        kwargs={"pk": "@zaak_signaal"}, data={"soort": "gesprek", "tekst": "Koffie."}),
    api("Bemiddeling starten", "case-bemiddeling-starten", STAF, "POST",
        kwargs={"pk": "@zaak_reactie"}, data={"bemiddelaar": "Mr. Bemiddel"}),
    api("Bemiddelingssessie", "case-bemiddelingssessie", STAF, "POST",
        kwargs={"pk": "@zaak_bemiddeling"}, data={"datum": "2030-01-10", "verslag": "Goed."}),
    api("Bemiddeling afronden", "case-bemiddeling-afronden", STAF, "POST",
        kwargs={"pk": "@zaak_bemiddeling"},
        data={"uitkomst": "zonder_vergelijk", "toelichting": "Geen akkoord."}),
    # request_arbitration: only a party (staff support, they do not escalate for a party).
    api("Arbitrage vragen", "case-arbitrage-vragen", "bestuurder", "POST",
        kwargs={"pk": "@zaak_bemiddeling_klaar"}, target="eigen",
        data={"toelichting": "Alle stappen doorlopen."}),
    api("Stap overslaan (verzoek)", "case-stap-overslaan", EIGEN, "POST",
        kwargs={"pk": "@zaak_dialoog"}, target="eigen",
        data={"stap": "bemiddeling", "reden": "Bemiddeling voegt niets toe."}),
    api("Stap overslaan (besluit)", "case-overslaan-beoordelen", STAF, "POST",
        kwargs={"pk": "@zaak_overslaan"}, data={"stap": "bemiddeling", "goedkeuren": True}),
    api("Vergelijk", "case-vergelijk", EIGEN, "POST", kwargs={"pk": "@zaak_dialoog"},
        target="eigen", data={"voorwaarden": "Samen doen."}),
    api("Intrekken", "case-intrekken", EIGEN, "POST", kwargs={"pk": "@zaak_dialoog"},
        target="eigen", data={"reden": "Opgelost."}),
    api("Intrekken", "case-intrekken", STAF, "POST", kwargs={"pk": "@zaak_ander"},
        target="ander", data={"reden": "Opgelost."}),
    # staff management
    api("Reikwijdte toetsen", "case-reikwijdte", STAF, "POST", kwargs={"pk": "@zaak_dialoog"},
        data={"concurrentie": True, "dekkend": True, "toelichting": "Binnen de reikwijdte."}),
    api("Termijn verlengen", "case-termijn-verlengen", STAF, "POST",
        kwargs={"pk": "@zaak_dialoog"}, data={"termijn": "@over_een_jaar", "reden": "Ziekte."}),
    api("Opschorten", "case-opschorten", STAF, "POST", kwargs={"pk": "@zaak_dialoog"},
        data={"reden": "Pauze."}),
    api("Hervatten", "case-hervatten", STAF, "POST", kwargs={"pk": "@zaak_opgeschort"},
        data={}),
    # the panel
    api("Panellid benoemen", "case-panellid", STAF, "POST", kwargs={"pk": "@zaak_arbitrage"},
        data={"gebruiker": "@lid3", "rol": "lid"}),
    api("Expert toevoegen", "case-expert", STAF, "POST", kwargs={"pk": "@zaak_arbitrage"},
        data={"naam": "Dr. Expert", "expertise": "Arbeidsmarkt"}),
    api("Panellid afmelden", "case-panellid-afmelden", STAF, "POST",
        kwargs={"pk": "@zaak_arbitrage"}, data={"lid": "@panellid2", "reden": "Ziek."}),
    api("Verschonen", "case-verschonen", "commissie voorzitter", "POST",
        kwargs={"pk": "@zaak_arbitrage"}, data={"reden": "Schijn van belang."}),
    # the case file and the hearing
    api("Stuk toevoegen (standpunt)", "case-stuk", EIGEN, "POST",
        kwargs={"pk": "@zaak_arbitrage"}, target="eigen",
        data={"soort": "standpunt", "titel": "Ons standpunt", "tekst": "Zo zit het."}),
    api("Hoorzitting plannen", "case-hoorzitting", PANEL, "POST",
        kwargs={"pk": "@zaak_arbitrage"},
        data={"datum": "2030-03-01T10:00:00+01:00", "plaats": "Utrecht"}),
    api("Verslag hoorzitting", "case-verslag-hoorzitting", PANEL, "POST",
        kwargs={"pk": "@zaak_arbitrage"}, data={"hoorzitting": "@hoorzitting",
                                                "verslag": "Partijen gehoord."}),
    api("Vraag aan partijen", "case-vraag", "commissie voorzitter", "POST",
        kwargs={"pk": "@zaak_arbitrage"}, data={"vraag": "Hoeveel studenten?"}),
    api("Vraag beantwoorden", "case-antwoord", "bestuurder", "POST",
        kwargs={"pk": "@zaak_arbitrage"}, target="eigen",
        data={"vraag": "@vraag", "antwoord": "Veertig."}),
    # the ruling
    api("Concept-uitspraak", "case-uitspraak-concept", PANEL, "POST",
        kwargs={"pk": "@zaak_arbitrage"}, data={"beslissing": "De start gaat niet door."}),
    api("Last toevoegen", "case-last", PANEL, "POST", kwargs={"pk": "@zaak_arbitrage"},
        data={"soort": "verplichting", "omschrijving": "Stem af.",
              "instelling": "@brin_eigen", "termijn": "@over_een_jaar"}),
    api("Last verwijderen", "case-last-verwijderen", PANEL, "POST",
        kwargs={"pk": "@zaak_arbitrage"}, data={"last": "@last_arbitrage"}),
    api("Uitspraak ondertekenen", "case-ondertekenen", "voorzitter", "POST",
        kwargs={"pk": "@zaak_arbitrage"}, data={}),
    api("Addendum", "case-addendum", "voorzitter", "POST", kwargs={"pk": "@zaak_uitspraak"},
        data={"tekst": "Verduidelijking.", "reden": "Kennelijke verschrijving."}),
    # after the ruling
    api("Uitvoering starten", "case-uitvoering-starten", STAF, "POST",
        kwargs={"pk": "@zaak_uitspraak"}, data={}),
    # report_order: only the institution the order is addressed to.
    api("Last gereed melden", "case-last-gereed", "bestuurder", "POST",
        kwargs={"pk": "@zaak_uitvoering"}, target="eigen",
        data={"last": "@last_uitvoering", "bewijs": "Gedaan."}),
    api("Last verifiëren", "case-last-verifieren", STAF, "POST",
        kwargs={"pk": "@zaak_uitvoering"},
        data={"last": "@last_uitvoering", "verificatie": "Gecontroleerd."}),
    api("Evaluatie starten", "case-evaluatie-starten", STAF, "POST",
        kwargs={"pk": "@zaak_uitvoering_klaar"}, data={}),
    api("Leerpunt", "case-leerpunt", "bestuurder commissie voorzitter staf", "POST",
        kwargs={"pk": "@zaak_evaluatie"}, data={"tekst": "Eerder praten."}),
    api("Zaak sluiten", "case-sluiten", STAF, "POST", kwargs={"pk": "@zaak_evaluatie"},
        data={}),
    api("Samenvatting publiceren", "case-publiceren", STAF, "POST",
        kwargs={"pk": "@zaak_uitspraak"}, data={"titel": "Werving", "samenvatting": "Kort."}),
    api("Betwiste voorstellen", "disputed-proposal-list", STAF),
    api("Casuïstiek", "published-case-list", ALL, anon=ALLOW),
    api("Casuïstiek (zaak)", "published-case-detail", ALL, anon=ALLOW,
        kwargs={"pk": "@gepubliceerd"}),
    api("Leerpunten", "lesson-list", ALL, anon=ALLOW),
    api("Eigen belangen", "interest-list", ALL),
    api("Belang melden", "interest-list", "commissie voorzitter", "POST",
        data={"omschrijving": "Lid raad van toezicht", "instelling": "@brin_d"}),
    api("Belang beëindigen", "interest-beeindigen", "commissie", "POST",
        kwargs={"pk": "@belang_commissie"}),
    # --- API: Werkagenda --------------------------------------------------------------------------
    api("Werkagenda (root)", "/api/werkagenda/", ALL),
    api("Prioriteiten", "werkagenda-prioriteit-list", ALL),
    api("Prioriteit", "werkagenda-prioriteit-detail", ALL, kwargs={"nummer": 1}),
    api("Doelstellingen", "werkagenda-doelstelling-list", ALL),
    api("Doelstelling", "werkagenda-doelstelling-detail", ALL, kwargs={"code": "1.1"}),
    api("Partijen", "werkagenda-partij-list", ALL),
    api("Partij", "werkagenda-partij-detail", ALL, kwargs={"code": "@partij"}),
    api("Acties", "werkagenda-actie-list", ALL),
    api("Actie", "werkagenda-actie-detail", ALL, kwargs={"code": "@actie_eigen"}),
    api("Rondes", "werkagenda-ronde-list", ALL),
    api("Ronde openen", "werkagenda-ronde-list", STAF, "POST", state="geen_open_ronde",
        data={"code": "voorjaar-2026", "naam": "voorjaar 2026"}),
    api("Ronde", "werkagenda-ronde-detail", ALL, kwargs={"code": "@ronde_open"}),
    api("Ronde publiceren", "werkagenda-ronde-publiceren", STAF, "POST",
        kwargs={"code": "@ronde_open"}, data={}),
    api("Voortgang", "werkagenda-voortgang-list", ALL),
    api("Voortgang bijwerken", "werkagenda-voortgang-list", EIGEN, "POST", target="eigen",
        data={"actie": "@actie_eigen", "tekst": "Loopt.", "categorie": "op_schema"}),
    api("Voortgang bijwerken", "werkagenda-voortgang-list", STAF, "POST", target="ander",
        data={"actie": "@actie_ander", "tekst": "Loopt.", "categorie": "op_schema"}),
    api("Voortgang (één)", "werkagenda-voortgang-detail", ALL, kwargs={"pk": "@voortgang"}),
    api("Indicatoren", "werkagenda-indicator-list", ALL),
    api("Indicator", "werkagenda-indicator-detail", ALL, kwargs={"code": "@wa_indicator"}),
]


SYMBOL = {ALLOW: "✓", DENY: "✗", LOGIN: "→ login", UNAUTH: "401/403"}


def render_markdown(rows: list[Row] | None = None) -> str:
    """The matrix as a Markdown document (``manage.py permission_matrix``)."""
    rows = ROWS if rows is None else rows
    lines = [
        "# Permission matrix",
        "",
        "<!-- Generated from mbo_regie/permission_matrix.py; do not edit by hand. -->",
        "Generated from `mbo_regie/permission_matrix.py` — do not edit by hand. Regenerate "
        "with:",
        "",
        "```",
        ".venv/bin/python manage.py permission_matrix > docs/permission-matrix.md",
        "```",
        "",
        "Every cell is checked by `tests/trust/test_permission_matrix.py`: ✓ = success; "
        "✗ = 403 or 404 and nothing changed; → login = redirect to the login page; "
        "401/403 = the API refuses an anonymous client. *eigen* / *ander*: the object belongs "
        "to the bestuurder's own institution / to another institution. "
        "Objects are named as in the test world (e.g. `@p_concept_eigen`).",
        "",
        f"{len(rows)} rows × {len(ROLES)} roles = {len(rows) * len(ROLES)} cells.",
        "",
        "| # | what | method | URL | object | " + " | ".join(ROLES) + " |",
        "|---|---|---|---|---|" + "---|" * len(ROLES),
    ]
    for i, row in enumerate(rows, 1):
        obj = ", ".join(f"{k}={v}" for k, v in row.kwargs.items())
        if row.target:
            obj = f"{obj} ({row.target})" if obj else row.target
        cells = " | ".join(SYMBOL[row.expected(r)] for r in ROLES)
        lines.append(f"| {i} | {row.label} | {row.method} | `{row.url}` | {obj} | {cells} |")
    return "\n".join(lines) + "\n"
