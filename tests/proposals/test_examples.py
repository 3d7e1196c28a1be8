"""The example proposals of the local portal, on the real reference data and synthetic
portfolio (as `make run` loads them)."""
import io

import pytest
from django.core import mail
from django.core.management import call_command

from mbo_regie.accounts.services import demo_accounts_create
from portfolio.proposals.models import Overleg, Proposal, Status
from portfolio.services import reference_data_load, synthetic_portfolio_load

pytestmark = pytest.mark.django_db


def test_seeding_creates_labelled_examples_in_several_states_once(
        settings, django_capture_on_commit_callbacks):
    settings.DEBUG = True  # demo accounts exist only in a DEBUG portal
    reference_data_load()
    synthetic_portfolio_load()
    demo_accounts_create()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_example_proposals", stdout=io.StringIO())
    examples = Proposal.objects.all()
    assert examples.count() >= 5
    assert all(p.titel.startswith("Voorbeeld: ") and p.voorbeeld for p in examples)
    states = set(examples.values_list("status", flat=True))
    assert {Status.CONCEPT, Status.INGEDIEND, Status.AANGEPAST, Status.AFGESTEMD,
            Status.GESCHIL, Status.BESLOTEN} <= states
    assert Overleg.objects.filter(voorbeeld=True, titel__startswith="Voorbeeld: ").exists()
    # The demo bestuurders are the actors, and examples never send e-mail.
    assert examples.filter(aangemaakt_door__username="bestuurder").exists()
    assert mail.outbox == []
    out = io.StringIO()
    call_command("seed_example_proposals", stdout=out)
    assert "bestonden al" in out.getvalue()
    assert Proposal.objects.count() == examples.count()
