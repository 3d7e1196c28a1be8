"""The OpenAPI schema generates without a single warning, validates, and documents the errors
the API answers with (the ground truth of the schema fuzzing in test_api_fuzz.py)."""
import pytest
import yaml
from django.core.management import call_command

WRITES = {"post", "put", "patch", "delete"}


def _operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


@pytest.fixture(scope="module")
def schema(tmp_path_factory):
    """The schema as `manage.py spectacular --validate --fail-on-warn` writes it (once)."""
    # No database here on purpose: generating the schema must not need one.
    out = tmp_path_factory.mktemp("schema") / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    return yaml.safe_load(out.read_text(encoding="utf-8"))


def test_the_schema_generates_and_validates_without_warnings(schema):
    assert schema["info"]["title"] == "MBO Regie API"
    assert len(list(_operations(schema))) > 100


def test_every_operation_documents_its_errors(schema):
    for path, method, operation in _operations(schema):
        codes = set(operation["responses"])
        where = f"{method.upper()} {path}"
        assert {"405", "500"} <= codes, where
        # Only the public casuïstiek and lessons (and the token endpoint) skip authentication.
        if not path.startswith(("/api/geschillen/casuistiek/", "/api/geschillen/leerpunten/",
                                "/api/auth/")):
            assert {"401", "403"} <= codes, where
        # Domain refusals (409) come from the services behind writes, never from reads.
        assert ("409" in codes) == (method in WRITES), where


def test_a_domain_refusal_is_documented_in_the_standard_error_shape(schema):
    conflict = schema["paths"]["/api/voorstellen/{id}/indienen/"]["post"]["responses"]["409"]
    ref = conflict["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    body = schema["components"]["schemas"][ref]
    assert set(body["required"]) == {"type", "errors"}
