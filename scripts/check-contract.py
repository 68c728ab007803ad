#!/usr/bin/env python3
"""Checks openapi/openapi.json, and real responses of a running service against it.

    scripts/check-contract.py                      # the document alone (lint + examples)
    scripts/check-contract.py http://127.0.0.1:8080  # also every operation, success and errors

The document alone: valid OpenAPI 3.1 (openapi-spec-validator); every response object closed
(`additionalProperties: false`) or a typed map; every array with `items`; every union of objects
discriminable (each alternative requires a member the others do not declare); every operation with
an operationId and examples; every example valid against its schema.

Against a service: each request below is sent, its status must be documented for that operation,
and its body must validate against the documented schema for that status and content type. An
undeclared member is reported by name, where it is and which schema to add it to, so whoever adds
a response field knows what to change in openapi/openapi.json. Then every number in every request
example (body and query) is pushed past the usual bounds (a fraction, 0, negatives, above 1),
and every string query parameter is varied around its example (case, signs, an exponent,
spaces, empty items); each variant the document forbids must be answered 4xx, so a bound the
document states and the service does not enforce is found on every run, not by chance in
schemathesis's fuzzing. Needs `jsonschema` and `openapi-spec-validator` (pip).
"""
import functools
import gzip
import json
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

import jsonschema
from jsonschema.validators import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

DOC_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "openapi", "openapi.json")
REQUEST_ONLY_OPEN = "request objects may be open: members they do not know are listed under `unused`"

failures = []


def fail(message):
    failures.append(message)
    print("FAIL  " + message)


def load_document():
    with open(DOC_PATH, encoding="utf-8") as f:
        return json.load(f)


# MARK: the document alone

def schema_refs(node, found):
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            found.add(ref.rsplit("/", 1)[1])
        for key, value in node.items():
            if key not in ("example", "examples"):
                schema_refs(value, found)
    elif isinstance(node, list):
        for value in node:
            schema_refs(value, found)


def reachable(doc, roots):
    """Names of the component schemas reachable from `roots` (any JSON nodes)."""
    schemas = doc["components"]["schemas"]
    seen, todo = set(), set()
    schema_refs(roots, todo)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        found = set()
        schema_refs(schemas[name], found)
        todo |= found - seen
    return seen


def lint_schema(schema, where, response_side, doc):
    """Closed objects, typed arrays; recurses into inline sub-schemas."""
    if not isinstance(schema, dict) or "$ref" in schema:
        return
    types = schema.get("type")
    types = types if isinstance(types, list) else [types]
    is_object = "object" in types or "properties" in schema
    if is_object:
        extra = schema.get("additionalProperties")
        if extra is None:
            fail(f"{where}: object without `additionalProperties` (close it with false, or type its map values)")
        elif extra is True and response_side and not where.startswith("#/components/schemas/OpenAPIDocument"):
            fail(f"{where}: response object is open (`additionalProperties: true`); close it")
        for name, sub in schema.get("properties", {}).items():
            lint_schema(sub, f"{where}/properties/{name}", response_side, doc)
        if isinstance(extra, dict):
            lint_schema(extra, f"{where}/additionalProperties", response_side, doc)
    if "array" in types:
        if "items" not in schema:
            fail(f"{where}: array without `items`")
        else:
            lint_schema(schema["items"], f"{where}/items", response_side, doc)
    for key in ("oneOf", "anyOf"):
        if key in schema:
            for i, sub in enumerate(schema[key]):
                lint_schema(sub, f"{where}/{key}/{i}", response_side, doc)
            check_discriminable(schema[key], f"{where}/{key}", doc)


def resolve(schema, doc):
    while isinstance(schema, dict) and "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def check_discriminable(alternatives, where, doc):
    """Object alternatives must each require a member that no other object alternative declares,
    or differ in JSON type, so a generator (and a reader) can tell them apart."""
    objects = []
    for alt in alternatives:
        s = resolve(alt, doc)
        t = s.get("type")
        if t == "object" or (t is None and "properties" in s):
            objects.append(s)
    if len(objects) < 2:
        return
    for i, s in enumerate(objects):
        others = set()
        for j, o in enumerate(objects):
            if j != i:
                others |= set(o.get("properties", {})) if o.get("additionalProperties") is False else {"*"}
        own = [m for m in s.get("required", []) if m not in others]
        if not own and "*" not in others:
            fail(f"{where}: alternative {i} requires no member the others lack: not discriminable")
        if "*" in others and not own:
            # An open alternative (a request) accepts anything: discriminable only by a closed one.
            if s.get("additionalProperties") is not False:
                fail(f"{where}: two open object alternatives cannot be told apart")


_registry = {}


def validator_for(doc, schema):
    """A 2020-12 validator for `schema` whose `#/components/...` references resolve in `doc`."""
    if "registry" not in _registry:
        _registry["registry"] = Registry().with_resource("urn:openapi", DRAFT202012.create_resource(doc))
    rebased = json.loads(json.dumps(schema).replace('"#/components/', '"urn:openapi#/components/'))
    return Draft202012Validator(rebased, registry=_registry["registry"])


def misfit(error):
    """An alternative of the wrong JSON type, or lacking a required member, is the wrong one."""
    if error.relative_path:
        return False
    if error.validator in ("type", "required"):
        return True
    if error.validator in ("oneOf", "anyOf") and error.context:
        groups = {}
        for sub in error.context:
            groups.setdefault(sub.relative_schema_path[0], []).append(sub)
        return all(any(misfit(x) for x in errs) for errs in groups.values())
    return False


def undeclared_members(error):
    """Every 'additionalProperties' failure under an error. In a union, only the alternative that
    fits best (fewest failures) is followed: the others fail for being the wrong alternative."""
    out = []
    stack = [error]
    while stack:
        e = stack.pop()
        if e.validator == "additionalProperties" and isinstance(e.instance, dict):
            declared = set(e.schema.get("properties", {}))
            for name in sorted(set(e.instance) - declared):
                out.append((e.json_path, name, e.schema))
        context = e.context or []
        if e.validator in ("oneOf", "anyOf") and context:
            by_alternative = {}
            for sub in context:
                by_alternative.setdefault(sub.relative_schema_path[0], []).append(sub)
            context = min(by_alternative.values(), key=lambda errs: (any(misfit(x) for x in errs), len(errs)))
        stack.extend(context)
    return out


def describe(errors, doc):
    """One line per problem; the same undeclared member in every item of an array is one line."""
    lines, seen = [], {}
    for error in errors:
        missing = undeclared_members(error)
        if not missing:
            best = jsonschema.exceptions.best_match([error])
            lines.append(f"{best.json_path}: {best.message[:300]}")
        for path, name, schema in missing:
            owner = next((n for n, s in doc["components"]["schemas"].items() if s is schema or s == schema), None)
            key = (re.sub(r"\[\d+\]", "[]", path), name, owner)
            if key in seen:
                seen[key][1] += 1
                continue
            where = f" (declare it in components/schemas/{owner} of openapi/openapi.json)" if owner else ""
            seen[key] = [len(lines), 0]
            lines.append(f"undeclared member \"{name}\" at {path}{where}")
    for index, more in seen.values():
        if more:
            lines[index] += f", and in {more} more item(s)"
    return lines


def lint(doc):
    from openapi_spec_validator import validate
    try:
        validate(doc)
    except Exception as e:  # the validator's own exception types vary by version
        fail(f"openapi-spec-validator: {str(e)[:500]}")

    request_roots, response_roots = [], []
    for path, item in doc["paths"].items():
        for method, op in item.items():
            name = f"{method.upper()} {path}"
            if not op.get("operationId"):
                fail(f"{name}: no operationId")
            has_example = any("example" in p or "examples" in p for p in op.get("parameters", []))
            for media in op.get("requestBody", {}).get("content", {}).values():
                request_roots.append(media["schema"])
                has_example |= "examples" in media or "example" in media
                for key, ex in media.get("examples", {}).items():
                    check_example(doc, media["schema"], ex["value"], f"{name} request example {key}")
            for status, response in op["responses"].items():
                response = resolve_response(doc, response)
                for media_type, media in response.get("content", {}).items():
                    response_roots.append(media["schema"])
                    if status.startswith("2"):
                        has_example |= "examples" in media or "example" in media
                    for key, ex in media.get("examples", {}).items():
                        check_example(doc, media["schema"], ex["value"], f"{name} {status} example {key}")
                    lint_schema(media["schema"], f"{name} {status} {media_type}", True, doc)
            if not has_example:
                fail(f"{name}: no example (parameters, request body or response)")
            for p in op.get("parameters", []):
                lint_schema(p["schema"], f"{name} parameter {p['name']}", False, doc)

    # Nullable<X> exists because generators follow nullability through a $ref but not through
    # `oneOf: [X, null]`: it must stay X plus null.
    schemas = doc["components"]["schemas"]
    for name, schema in schemas.items():
        if name.startswith("Nullable") and name[8:] in schemas:
            strip = lambda s: {k: v for k, v in s.items() if k not in ("type", "description")}
            if strip(schema) != strip(schemas[name[8:]]) or schema.get("type") != ["object", "null"]:
                fail(f"#/components/schemas/{name}: must equal {name[8:]} with type [object, null]")

    response_side = reachable(doc, response_roots)
    for name, schema in doc["components"]["schemas"].items():
        lint_schema(schema, f"#/components/schemas/{name}", name in response_side, doc)


def resolve_response(doc, response):
    if "$ref" in response:
        return doc["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    return response


def check_example(doc, schema, value, where):
    errors = list(validator_for(doc, schema).iter_errors(value))
    for line in describe(errors, doc):
        fail(f"{where}: {line}")


# MARK: against a running service

# (method, path, query or body, content type, expected status). Every operation at least once with
# success and once with an error it documents.
J = "application/json"
CASES = [
    ("GET", "/score?adoption=0.6&standardization=0.7&controversy=0.3&model=formal", None, None, 200),
    ("GET", "/score?technology=moe-vs-dense", None, None, 200),
    ("GET", "/score?adoption=2", None, None, 422),
    ("POST", "/score", {"adoption": 0.6, "standardization": 0.7, "controversy": 0.3, "maturity": 0.75, "model": "extended"}, J, 200),
    ("POST", "/score", {"adoption": [0.5, 0.7], "standardization": [0.5, 0.8], "controversy": [0.2, 0.5]}, J, 200),
    ("POST", "/score", [{"technology": "rlhf"}, {"adoption": 0.6, "standardization": 0.6, "controversy": 0.4, "x": 1}], J, 200),
    ("POST", "/score", {"weights": {"adoption": 0.5, "standardization": 0.3, "controversy": 0.2},
                        "adoption": 0.6, "standardization": 0.7, "controversy": 0.3}, J, 200),
    ("POST", "/score", b'{"adoption":', J, 400),
    ("POST", "/score", b'{}', "text/plain", 415),
    ("POST", "/score", [{"technology": "rlhf"}, {"adoption": 1.5}], J, 422),
    ("POST", "/score", b'[' + b'0,' * 600000 + b'0]', J, 413),
    ("GET", "/classify?score=0.68", None, None, 200),
    ("GET", "/classify?score=0.99", None, None, 200),
    ("GET", "/classify?adoption=0.6&standardization=0.7&controversy=0.3", None, None, 200),
    ("GET", "/classify?score=7", None, None, 422),
    ("POST", "/classify", {"score": 0.68}, J, 200),
    ("POST", "/classify", {"technology": "edge-vs-cloud"}, J, 200),
    ("POST", "/classify", {"adoption": [0.5, 0.7], "standardization": [0.5, 0.8], "controversy": [0.2, 0.5]}, J, 200),
    ("POST", "/classify", [{"technology": "rlhf"}, {"score": 0.1}], J, 200),
    ("POST", "/classify", {"score": "high"}, J, 422),
    ("GET", "/levels", None, None, 200),
    ("GET", "/levels/L2", None, None, 200),
    ("GET", "/levels/L9", None, None, 404),
    ("GET", "/models", None, None, 200),
    ("GET", "/models/extended", None, None, 200),
    ("GET", "/models/nope", None, None, 404),
    ("GET", "/compare", None, None, 200),
    ("GET", "/compare/moe-vs-dense", None, None, 200),
    ("GET", "/compare/nope", None, None, 404),
    ("POST", "/compare", {"approaches": [{"name": "A", "share": 0.55}, {"name": "B", "share": 0.45}]}, J, 200),
    ("POST", "/compare", {"items": [{"technology": "rlhf"}, {"technology": "reasoning"}], "model": "formal"}, J, 200),
    ("POST", "/compare", {"approaches": [{"name": "A", "share": 0.8}, {"name": "B", "share": 0.8}]}, J, 422),
    ("GET", "/tables", None, None, 200),
    ("GET", "/tables/moe-vs-dense", None, None, 200),
    ("GET", "/tables/levels", None, None, 200),
    ("GET", "/tables/moe-vs-dense?format=csv", None, None, 200),
    ("GET", "/tables/moe-vs-dense?format=csv&lang=zh", None, None, 200),
    ("GET", "/tables/l2-status", None, None, 200),
    ("GET", "/tables/moe-vs-dense?format=xml", None, None, 422),
    ("GET", "/tables/moe-vs-dense?format=csv&lang=fr", None, None, 422),
    ("GET", "/tables/nope", None, None, 404),
    ("GET", "/technologies", None, None, 200),
    ("GET", "/technologies?level=L2", None, None, 200),
    ("GET", "/technologies?level=L9", None, None, 422),
    ("GET", "/technologies/moe-vs-dense", None, None, 200),
    ("GET", "/technologies/rlhf", None, None, 200),
    ("GET", "/technologies/nope", None, None, 404),
    ("GET", "/errata", None, None, 200),
    ("GET", "/calculators/moe-cost?experts=8&active=2", None, None, 200),
    ("GET", "/calculators/moe-cost?experts=2&active=8", None, None, 422),
    ("POST", "/calculators/moe-cost", {"experts": 8, "active": 2}, J, 200),
    ("POST", "/calculators/moe-cost", {"totalParams": 100, "activeParams": 20}, J, 200),
    ("POST", "/calculators/moe-cost", {"experts": 0}, J, 422),
    ("GET", "/calculators/load-imbalance?loads=0.3,0.2,0.25,0.25", None, None, 200),
    ("GET", "/calculators/load-imbalance?loads=a", None, None, 422),
    ("POST", "/calculators/load-imbalance", {"loads": [1, 2, 3]}, J, 200),
    ("POST", "/calculators/load-imbalance", {"loads": []}, J, 422),
    ("GET", "/calculators/context-cost?contextTokens=131072&retrievedTokens=4096&width=4096", None, None, 200),
    ("GET", "/calculators/context-cost?contextTokens=0", None, None, 422),
    ("POST", "/calculators/context-cost", {"contextTokens": 131072, "retrievedTokens": 4096, "width": 4096}, J, 200),
    ("POST", "/calculators/context-cost", {"contextTokens": -1}, J, 422),
    ("GET", "/healthz", None, None, 200),
    ("GET", "/readyz", None, None, 200),
    ("GET", "/metrics", None, None, 200),
    ("GET", "/openapi.json", None, None, 200),
    ("GET", "/", None, None, 200),
]


def match_operation(doc, method, path):
    bare = path.split("?", 1)[0]
    segments = bare.strip("/").split("/") if bare != "/" else []
    for template, item in doc["paths"].items():
        t = template.strip("/").split("/") if template != "/" else []
        if len(t) == len(segments) and all(a == b or a.startswith("{") for a, b in zip(t, segments)):
            op = item.get(method.lower())
            if op:
                return template, op
    return None, None


def send(base, method, path, body, content_type):
    data = None
    headers = {"Accept-Encoding": "gzip"}
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        headers["Content-Type"] = content_type
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            status, h, raw = r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        status, h, raw = e.code, e.headers, e.read()
    if h.get("Content-Encoding") == "gzip":
        raw = gzip.decompress(raw)
    return status, (h.get("Content-Type") or "").split(";")[0].strip(), raw


def check_live(doc, base):
    answered = set()
    for method, path, body, content_type, want in CASES:
        name = f"{method} {path[:70]}"
        template, op = match_operation(doc, method, path)
        if op is None:
            fail(f"{name}: no documented operation")
            continue
        answered.add((method.lower(), template))
        status, media_type, raw = send(base, method, path, body, content_type)
        if status != want:
            fail(f"{name}: status {status}, expected {want}: {raw[:200]!r}")
            continue
        responses = op["responses"]
        response = responses.get(str(status))
        if response is None:
            fail(f"{name}: status {status} is not documented for {op['operationId']}")
            continue
        response = resolve_response(doc, response)
        media = response.get("content", {}).get(media_type)
        if media is None:
            fail(f"{name}: content type {media_type!r} is not documented for {op['operationId']} {status}")
            continue
        schema = media["schema"]
        if media_type.endswith("json"):
            value = json.loads(raw)
            errors = list(validator_for(doc, schema).iter_errors(value))
            if errors:
                for line in describe(errors, doc):
                    fail(f"{name} → {status} ({op['operationId']}): {line}")
                continue
        print(f"ok    {name:72} {status} {media_type}")
    for template, item in doc["paths"].items():
        for method in item:
            if (method, template) not in answered:
                fail(f"{method.upper()} {template}: no request in CASES exercises it")


# Values tried in place of each number of an example: past a minimum of 1 or 0, an exclusive
# minimum of 0, a maximum of 1, and off an integer (the example plus a half).
NUDGES = (0.5, 0, -0.5, -1, 1.5, 2)


def text_nudges(example):
    """Strings near a query parameter's example, for its pattern or enum: changed case, signs,
    an exponent, spaces, empty items."""
    return [example.upper(), example.lower(), example + "x", " " + example, example + ",", "," + example,
            "-0", "-" + example, "1e3", "1E-3", ".5", "1.", ".", ""]


def numeric_paths(value, at=()):
    """The paths of the numbers in a JSON value (not booleans)."""
    if isinstance(value, bool):
        return
    if isinstance(value, (int, float)):
        yield at
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from numeric_paths(v, at + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from numeric_paths(v, at + (i,))


def replaced(value, at, new):
    if not at:
        return new
    copy = list(value) if isinstance(value, list) else dict(value)
    copy[at[0]] = replaced(value[at[0]], at[1:], new)
    return copy


def nudges(old):
    return [n for n in sorted(set(NUDGES) | {old + 0.5}) if n != old]


def as_query(value):
    return str(int(value)) if float(value).is_integer() else repr(value)


def forbidden_variants(doc, template, op):
    """(path, body, what) for each schema-invalid variant of the operation's examples (path
    parameters at their examples, so that only the varied value can make the request fail)."""
    examples = {p["name"]: p["example"] for p in op.get("parameters", []) if p.get("in") == "path"}
    path = re.sub(r"\{([^}]*)\}", lambda m: examples[m.group(1)], template)
    media = op.get("requestBody", {}).get("content", {}).get(J)
    if media:
        check = validator_for(doc, media["schema"])
        for name, example in media.get("examples", {}).items():
            value = example["value"]
            for at in numeric_paths(value):
                for n in nudges(functools.reduce(lambda node, key: node[key], at, value)):
                    body = replaced(value, at, n)
                    if not check.is_valid(body):
                        yield path, body, f"example {name!r} with /{'/'.join(map(str, at))} = {n}"
    query = [p for p in op.get("parameters", []) if p.get("in") == "query" and "example" in p]
    base = {p["name"]: p["example"] for p in query if p.get("required") or p["schema"].get("type") in ("integer", "number")}
    for p in query:
        numeric = p["schema"].get("type") in ("integer", "number")
        if p["name"] not in base and numeric:
            continue
        check = validator_for(doc, p["schema"])
        if numeric:
            variants = [(n, as_query(n)) for n in nudges(p["example"])]
        else:
            variants = [(t, urllib.parse.quote(t, safe=",")) for t in text_nudges(str(p["example"]))]
        for value, text in variants:
            if not check.is_valid(value):
                q = dict(base, **{p["name"]: text})
                yield path + "?" + "&".join(f"{k}={v}" for k, v in q.items()), None, f"query {p['name']}={text}"


def check_bounds(doc, base):
    tried = 0
    for template, item in doc["paths"].items():
        for method, op in item.items():
            if method not in ("get", "post"):
                continue
            for path, body, what in forbidden_variants(doc, template, op):
                tried += 1
                status, _, raw = send(base, method.upper(), path, body, J)
                if not 400 <= status < 500:
                    fail(f"{method.upper()} {template}, {what}: the document forbids it, the service answered {status}: {raw[:160]!r}")
    print(f"bounds: {tried} schema-invalid variants of the examples sent, each must be answered 4xx")


def main():
    doc = load_document()
    lint(doc)
    print(f"document: {len(doc['paths'])} paths, {len(doc['components']['schemas'])} schemas linted")
    if len(sys.argv) > 1:
        check_live(doc, sys.argv[1].rstrip("/"))
        check_bounds(doc, sys.argv[1].rstrip("/"))
    if failures:
        print(f"\n{len(failures)} contract problem(s); the document is openapi/openapi.json (docs/api.md)")
        sys.exit(1)
    print("contract OK")


if __name__ == "__main__":
    main()
