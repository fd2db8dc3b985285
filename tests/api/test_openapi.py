"""The OpenAPI description is valid and says what the API really answers.

Every documented path is called (for a reader who sees little and one who sees all),
and every answer, 200, 304, 400 and 404 alike, is checked against the schema the
description gives for it. The query parameters are then tried at and beyond every bound
their own schemas state: values the schema allows must answer 200, values it refuses must
answer 400 naming the parameter."""

import re

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012


@pytest.fixture
def spec(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


class Checker:
    """Finds the operation a URL calls and checks an answer against its schema."""

    def __init__(self, spec):
        self.spec = spec
        self.registry = Registry().with_resource(
            "urn:api", Resource.from_contents(spec, default_specification=DRAFT202012)
        )
        self.called: set[str] = set()
        self.prefix = spec["servers"][0]["url"]

    def operation(self, path: str) -> tuple[str, dict]:
        for template, item in self.spec["paths"].items():
            pattern = re.sub(r"\\\{\w+\\\}", r"[^/]+", re.escape(template))
            if re.fullmatch(self.prefix + pattern, path):
                return template, item["get"]
        raise AssertionError(f"{path} is not in the OpenAPI description")

    def check(self, response, path: str) -> None:
        template, operation = self.operation(path)
        self.called.add(template)
        status = str(response.status_code)
        assert status in operation["responses"], f"{path}: {status} is not documented"
        documented = self._resolve(operation["responses"][status])
        if "content" not in documented:
            assert response.data == b"", f"{path}: {status} should have no body"
            return
        assert response.mimetype == "application/json"
        schema = documented["content"]["application/json"]["schema"]
        self.validate(response.get_json(), schema)
        for header in documented.get("headers", {}):
            assert header in response.headers, f"{path}: {status} lacks the {header} header"

    def validate(self, instance, schema) -> None:
        reference = schema["$ref"].replace("#", "urn:api#", 1)
        validator = Draft202012Validator(
            {"$ref": reference},
            registry=self.registry,
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )
        errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.path))
        assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)

    def _resolve(self, node: dict) -> dict:
        while "$ref" in node:
            node = (
                self.registry.resolver().lookup(node["$ref"].replace("#", "urn:api#", 1)).contents
            )
        return node


def test_the_description_is_valid_openapi(spec):
    validate(spec)
    assert spec["openapi"].startswith("3.1")
    assert set(spec["paths"]) == {
        "/meetings",
        "/meetings/{meeting_id}",
        "/decisions",
        "/decisions/{decision_id}",
        "/bodies",
        "/bodies/{body_id}",
        "/organisations",
        "/organisations/{organisation_id}",
        "/updates",
        "/updates/{year}-{month}",
        "/plans",
        "/plans/{plan_id}",
        "/measures",
        "/tasks",
        "/tasks/{task_id}",
        "/openapi.json",
    }


def test_every_api_route_is_described(app, spec):
    routes = {rule.rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")}
    described = {"/api/v1" + re.sub(r"\{(\w+)\}", r"<int:\1>", path) for path in spec["paths"]} | {
        "/api/v1/openapi.json"
    }
    assert routes == described


def _sample_urls(world) -> list[str]:
    meeting = world["meetings"]["public"].id
    return [
        "/api/v1/meetings",
        "/api/v1/meetings?per_page=1&page=2&from=2025-01-01&to=2025-12-31",
        f"/api/v1/meetings/{meeting}",
        f"/api/v1/meetings/{world['meetings']['internal'].id}",
        "/api/v1/decisions",
        f"/api/v1/decisions?meeting={meeting}",
        f"/api/v1/decisions/{world['decisions']['named'].id}",
        f"/api/v1/decisions/{world['decisions']['totals'].id}",
        f"/api/v1/decisions/{world['decisions']['members'].id}",
        "/api/v1/bodies",
        f"/api/v1/bodies/{world['council'].id}",
        f"/api/v1/bodies/{world['group'].id}",
        "/api/v1/organisations",
        "/api/v1/organisations?q=ābele&status=active&region=Sēlija",
        f"/api/v1/organisations/{world['signatory']}",
        "/api/v1/updates",
        "/api/v1/updates?from=2025-09-15&to=2025-12-31",
        "/api/v1/updates/2025-09",
        "/api/v1/updates/2025-10",
        "/api/v1/plans",
        f"/api/v1/plans/{world['plan']}",
        f"/api/v1/plans/{world['internal_plan']}",
        "/api/v1/measures",
        f"/api/v1/measures?plan={world['plan']}&status=not_funded",
        "/api/v1/tasks",
        f"/api/v1/tasks/{world['task']}",
        "/api/v1/openapi.json",
        "/api/v1/meetings/999999",
        "/api/v1/meetings?page=0",
    ]


@pytest.mark.parametrize("role", ["anonymous", "staff"])
def test_every_answer_matches_its_schema(role, client, login_as, world, spec):
    login_as(role)
    checker = Checker(spec)
    statuses = set()
    for url in _sample_urls(world):
        path = url.split("?")[0]
        response = client.get(url)
        checker.check(response, path)
        statuses.add(response.status_code)
        if response.status_code == 200:
            again = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
            checker.check(again, path)
            statuses.add(again.status_code)
    assert checker.called == set(spec["paths"]), "some documented paths were never called"
    assert statuses == {200, 304, 400, 404}


def _candidates(schema: dict) -> list:
    """Values at and just beyond every bound the schema states, and a few of the wrong shape."""
    if schema["type"] == "integer":
        low, high = schema["minimum"], schema["maximum"]
        return [low - 1, low, high, high + 1, "abc", "1.5", ""]
    if "enum" in schema:
        return [*schema["enum"], "nonsense", "", schema["enum"][0].upper()]
    if schema.get("format") == "date":
        return [
            "1899-12-31",
            "1900-01-01",
            "2025-09-03",
            "2024-02-29",
            "2999-12-31",
            "3000-01-01",
            "2025-02-30",
            "2025-9-3",
            "03.09.2025.",
            "",
        ]
    values = ["", "Ābele", "JĒKABPILS"]
    if "maxLength" in schema:
        values += ["x" * schema["maxLength"], "x" * (schema["maxLength"] + 1)]
    # each character range the pattern keeps out, at its edges and one beyond each side
    # (inside the text: at its very end, Python's `$` would also take a newline, which
    # ECMA-262, the dialect JSON Schema patterns are written in, does not)
    for low, high in re.findall(r"\\u([0-9a-f]{4})-\\u([0-9a-f]{4})", schema.get("pattern", "")):
        for code in (int(low, 16) - 1, int(low, 16), int(high, 16), int(high, 16) + 1):
            if code >= 0:
                values.append(f"Āb{chr(code)}ele")
    return values


def _allowed(value, schema: dict) -> bool:
    """What a client generated from the description may send."""
    if schema["type"] == "integer" and isinstance(value, str):
        return False  # such a client sends numbers for an integer
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return validator.is_valid(value)


def item_parameters(spec, template: str, where: str) -> list[dict]:
    return [p for p in spec["paths"][template]["get"]["parameters"] if p["in"] == where]


def _queries(spec):
    for template, item in spec["paths"].items():
        operation = item["get"]
        path = "/api/v1" + template.replace("{", "").replace("}", "")
        for parameter in operation["parameters"]:
            if parameter["in"] == "query":
                yield path, parameter


def test_fuzzed_parameters_answer_as_their_schemas_say(client, world, spec):
    checker = Checker(spec)
    ids = {
        "meeting_id": world["meetings"]["public"].id,
        "decision_id": world["decisions"]["named"].id,
        "body_id": world["council"].id,
        "organisation_id": world["signatory"],
        "year": 2025,
        "month": 9,
        "plan_id": world["plan"],
        "task_id": world["task"],
    }
    tried = 0
    for path, parameter in _queries(spec):
        name, schema = parameter["name"], parameter["schema"]
        verdicts = set()
        for value in _candidates(schema):
            allowed = _allowed(value, schema)
            verdicts.add(allowed)
            response = client.get(path, query_string={name: str(value)})
            if allowed:  # never a 400 for what the description allows
                assert response.status_code == 200, (path, name, value, response.get_json())
            else:
                assert response.status_code == 400, (path, name, value)
                assert response.get_json()["parameter"] == name
            checker.check(response, path)
            tried += 1
        assert verdicts == {True, False}, (path, name, "no bound tried on both sides")
    for template in spec["paths"]:
        path = "/api/v1" + template.format(**ids)
        unknown = client.get(path, query_string={"zz": "1"})
        assert unknown.status_code == 400 and unknown.get_json()["parameter"] == "zz"
        checker.check(unknown, path)
        for parameter in item_parameters(spec, template, "path"):
            for bound in (parameter["schema"]["minimum"], parameter["schema"]["maximum"]):
                at_bound = "/api/v1" + template.format(**{**ids, parameter["name"]: bound})
                answer = client.get(at_bound)
                assert answer.status_code in (200, 404), (at_bound, answer.status_code)
                checker.check(answer, path)
        if "{" in template:
            for missing in ("0", "2147483647", "99999999999999999999"):
                gone = client.get("/api/v1" + re.sub(r"\{\w+\}", missing, template))
                assert gone.status_code == 404
                checker.check(gone, path)
    assert tried > 80
