"""Schema fuzzing of the arbitration API: generated requests against a real case never cause a
server error and every answer matches the OpenAPI schema (schemathesis, in process)."""
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import (
    ignored_auth,
    negative_data_rejection,
    positive_data_acceptance,
    status_code_conformance,
)

from arbitration.models import Stage
from mbo_regie.wsgi import application


def _schema():
    loaded = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    # PostgreSQL text cannot hold NUL bytes (STACK.md: allow-x00 = false), as in the lead's
    # fuzzing of the other APIs.
    loaded.config.generation.update(allow_x00=False)
    return loaded.include(path_regex="^/api/geschillen/")


schema = _schema()


@pytest.fixture
def fuzz_target(journey):
    case = journey.at(Stage.ARBITRAGE)
    journey.compose_panel(case)
    return {"case": case.pk, "token": Token.objects.create(user=journey.staf).key}


# Transactional: the in-process WSGI client fires request_finished, which closes a connection
# that is inside a test transaction.
@pytest.mark.django_db(transaction=True)
@schema.parametrize()
@settings(max_examples=8, suppress_health_check=list(HealthCheck), deadline=None)
def test_the_arbitration_api_survives_generated_requests(case, fuzz_target):
    if "id" in (case.path_parameters or {}) and "/zaken/" in case.path:
        case.path_parameters["id"] = fuzz_target["case"]
    case.headers = {**(case.headers or {}), "Authorization": f"Token {fuzz_target['token']}"}
    # Left out: the status-code check (the project's exception handler keeps
    # drf-standardized-errors from documenting error responses yet), the auth check (the
    # in-process client keeps cookies between calls), and the data checks (domain validation
    # rightly rejects schema-valid input, and DRF accepts a number for a text).
    case.call_and_validate(excluded_checks=[status_code_conformance, ignored_auth,
                                            positive_data_acceptance, negative_data_rejection])
