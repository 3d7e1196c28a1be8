"""Who may do what with escalation cases: django-rules predicates, in one place.

*When* something may happen (the step, the conditions of the ladder) is the services'
business; these predicates only answer *who*. Object permissions take the case as object
(``can_report_order`` takes the order).
"""
import rules

from mbo_regie.accounts.predicates import (
    is_bestuur,
    is_bestuurder,
    is_commissie,
    is_member,
    is_staf,
    is_voorzitter,
)
from mbo_regie.prefetch import prefetched

from .models import PanelMember, Stage, Visibility


@rules.predicate
def is_party(user, case) -> bool:
    """The user acts for an institution that is party to the case."""
    return bool(case is not None and is_bestuurder(user)
                and user.instelling_id in case.party_ids())


def _prefetched_seats(case) -> list | None:
    """The roles of the appointed panel, as (user id, role), when the case was loaded with its
    panel (the case page): every check of the request reads them instead of asking again."""
    panel = prefetched(case, "panel")
    if panel is None:
        return None
    return [(m.user_id, m.rol) for m in panel if m.status == PanelMember.Status.BENOEMD]


@rules.predicate
def is_panel_member(user, case) -> bool:
    """The user sits on the case's arbitration panel (and has not recused)."""
    if case is None or not user.is_authenticated:
        return False
    seats = _prefetched_seats(case)
    if seats is not None:
        return any(user_id == user.pk for user_id, _rol in seats)
    return case.panel.filter(user=user, status=PanelMember.Status.BENOEMD).exists()


@rules.predicate
def is_chair(user, case) -> bool:
    """The user is the case's independent chair."""
    if case is None or not user.is_authenticated:
        return False
    seats = _prefetched_seats(case)
    if seats is not None:
        return (user.pk, PanelMember.Rol.VOORZITTER) in seats
    return case.panel.filter(user=user, status=PanelMember.Status.BENOEMD,
                             rol=PanelMember.Rol.VOORZITTER).exists()


@rules.predicate
def board_was_signalled(user, case) -> bool:
    """The case was signalled to the bestuur of the MBO Raad."""
    return case is not None and case.signaal_op is not None


@rules.predicate
def asks_commission_advice(user, case) -> bool:
    """The case waits for a conversation, advice or view of the commissie governance."""
    return case is not None and case.stage == Stage.ADVIES


@rules.predicate
def is_responsible_for(user, order) -> bool:
    """The user acts for the institution an order of the ruling is addressed to."""
    return bool(order is not None and is_bestuurder(user)
                and user.instelling_id == order.instelling_id)


# Commission members must read a case that asks for their advice, or they cannot give it
# (can_record_advice); a member whose institution is a party sees it as a party anyway.
can_view = (is_staf | is_party | is_panel_member | (is_bestuur & board_was_signalled)
            | (is_commissie & asks_commission_advice))
can_open = is_staf | is_bestuurder
can_open_from_proposal = is_staf
can_escalate = is_staf | is_party
can_record_advice = is_staf | (is_commissie & ~is_party)
can_respond_board = is_staf | is_bestuur
can_manage = is_staf
can_request_arbitration = is_party
can_end = is_staf | is_party
can_submit = is_staf | is_party
can_panel_work = is_staf | is_panel_member
can_ask = is_panel_member
can_answer = is_party
can_sign = is_chair
can_recuse = is_panel_member
can_report_order = is_responsible_for
can_add_lesson = is_staf | is_party | is_panel_member
can_view_mediation = is_staf | is_party
can_view_deliberation = is_staf | is_panel_member
can_declare_interest = is_commissie | is_voorzitter
can_read_library = rules.always_allow

PERMISSIONS = {
    "arbitration.view_case": can_view,
    "arbitration.open_case": can_open,
    "arbitration.open_case_from_proposal": can_open_from_proposal,
    "arbitration.escalate_case": can_escalate,
    "arbitration.record_advice": can_record_advice,
    "arbitration.respond_board": can_respond_board,
    "arbitration.manage_case": can_manage,
    "arbitration.request_arbitration": can_request_arbitration,
    "arbitration.end_case": can_end,
    "arbitration.submit_document": can_submit,
    "arbitration.panel_work": can_panel_work,
    "arbitration.ask_question": can_ask,
    "arbitration.answer_question": can_answer,
    "arbitration.sign_ruling": can_sign,
    "arbitration.recuse": can_recuse,
    "arbitration.report_order": can_report_order,
    "arbitration.add_lesson": can_add_lesson,
    "arbitration.view_mediation": can_view_mediation,
    "arbitration.view_deliberation": can_view_deliberation,
    "arbitration.declare_interest": can_declare_interest,
    "arbitration.use_portal": is_member,
}
for _name, _predicate in PERMISSIONS.items():
    rules.set_perm(_name, _predicate)


def allowed(user, perm: str, obj=None) -> bool:
    """Whether the rule named ``perm`` lets the user act (on obj).

    Deliberately not ``user.has_perm``: Django grants a superuser every permission, while
    here the role decides (a superuser is staff through ``is_staf``, never a party or chair).
    """
    return rules.has_perm(perm, user, obj)


def visible_to(user, case) -> set[str]:
    """The visibilities (``Visibility``) of documents and timeline entries the user may read."""
    out = set()
    if can_view(user, case):
        out.add(Visibility.DOSSIER)
    if can_view_mediation(user, case):
        out.add(Visibility.BEMIDDELING)
    if can_view_deliberation(user, case):
        out.add(Visibility.BERAADSLAGING)
    return out


def may_add_kind(user, case, soort: str) -> bool:
    """Who adds which kind of document: parties their positions and evidence, the panel its
    deliberation, staff anything; mediation papers come from parties or staff."""
    if is_staf(user):
        return True
    if soort in ("standpunt", "bewijs", "bemiddeling"):
        return is_party(user, case)
    if soort == "beraadslaging":
        return is_panel_member(user, case)
    return False

