#!/usr/bin/env python3
"""Generates Sources/ConvergenceAPI/OpenAPI/OpenAPIDocument.swift, the OpenAPI 3.1 document the
service serves at /openapi.json. Edit this script, run it, commit both. The document does not
depend on the loaded catalog (ids are examples, never enums), so it is the same on every replica."""
import json, os, sys

P = lambda name: {"$ref": f"#/components/schemas/{name}"}
R = lambda name: {"$ref": f"#/components/responses/{name}"}

def ok(schema, desc="OK", etag=False, extra_types=None):
    content = {"application/json": {"schema": schema}}
    for t, s in (extra_types or {}).items():
        content[t] = {"schema": s}
    r = {"description": desc, "content": content, "headers": {"X-Request-ID": {"$ref": "#/components/headers/X-Request-ID"}}}
    if etag:
        r["headers"]["ETag"] = {"$ref": "#/components/headers/ETag"}
    return r

def get_op(op_id, summary, schema, params=(), errors=(), desc=None, extra_types=None, tags=()):
    responses = {"200": ok(schema, etag=True, extra_types=extra_types), "304": R("NotModified")}
    for code in errors:
        responses[str(code)] = R({404: "NotFound", 422: "Unprocessable", 400: "BadRequest"}[code])
    responses["default"] = R("Error")
    op = {"operationId": op_id, "summary": summary, "tags": list(tags), "responses": responses}
    if params: op["parameters"] = list(params)
    if desc: op["description"] = desc
    return op

def post_op(op_id, summary, req_schema, resp_schema, examples, desc=None, tags=()):
    return {
        "operationId": op_id, "summary": summary, "tags": list(tags),
        **({"description": desc} if desc else {}),
        "requestBody": {"required": True, "content": {"application/json": {
            "schema": req_schema, "examples": {k: {"value": v} for k, v in examples.items()}}}},
        "responses": {"200": ok(resp_schema), "400": R("BadRequest"), "413": R("TooLarge"),
                      "415": R("UnsupportedMediaType"), "422": R("Unprocessable"), "default": R("Error")},
    }

def qnum(name, desc, minimum=None, maximum=None, integer=False, required=False):
    s = {"type": "integer" if integer else "number"}
    if minimum is not None: s["minimum"] = minimum
    if maximum is not None: s["maximum"] = maximum
    return {"name": name, "in": "query", "required": required, "description": desc, "schema": s}

def pid(name, desc, example):
    return {"name": "id", "in": "path", "required": True, "description": desc,
            "schema": {"type": "string", "pattern": "^[A-Za-z0-9._-]+$"}, "example": example}

INDICATORS = ["adoption", "standardization", "controversy", "maturity", "completeness", "research"]
num01 = {"type": "number", "minimum": 0, "maximum": 1}
nullable = lambda s: {"oneOf": [s, {"type": "null"}]}

schemas = {
    "Problem": {"type": "object", "description": "RFC 9457 problem details.",
        "required": ["type", "title", "status", "detail"],
        "properties": {"type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
            "detail": {"type": "string"},
            "errors": {"type": "array", "items": {"type": "object", "required": ["pointer", "detail"],
                "properties": {"pointer": {"type": "string", "description": "JSON pointer (RFC 6901) into the request"},
                               "detail": {"type": "string"}}}}}},
    "IndicatorValue": {"description": "A value in [0, 1], or a range [lo, hi].",
        "oneOf": [num01, {"type": "array", "items": num01, "minItems": 2, "maxItems": 2}]},
    "ScoreRequest": {"type": "object", "description":
        "Indicators (points or ranges), optionally a model id or inline weights, or a catalog technology "
        "(its indicators, overridden by any given here). Other members are listed under `unused`.",
        "properties": {**{i: P("IndicatorValue") for i in INDICATORS},
            "model": {"type": "string", "description": "model id (GET /models); default: formal"},
            "weights": {"type": "object", "description": "inline model: weight per indicator, summing to 1; controversy is inverted",
                        "additionalProperties": {"type": "number", "minimum": 0, "maximum": 1}},
            "technology": {"type": "string", "description": "catalog technology id (GET /technologies)"},
            "label": {"type": "string"}}},
    "ScoreBody": {"oneOf": [P("ScoreRequest"), {"type": "array", "minItems": 1, "items": P("ScoreRequest"),
        "description": "a batch: all or nothing; errors point at /<index>/<field>"}]},
    "LevelReference": {"type": "object", "required": ["id", "name", "sourceName", "nominalDegree"],
        "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "sourceName": {"type": "string"},
            "nominalDegree": {"type": "number", "description": "the percentage the source attaches to the level (0.6 for 60%), not a score"}}},
    "Provenance": {"type": "object", "description": "Where an entry comes from: document and section, with the document's title, version and date when the catalog describes it (null otherwise), or a free-text note.",
        "required": ["document", "section", "title", "version", "updated", "note"],
        "properties": {"document": {"type": ["string", "null"]}, "section": {"type": ["string", "null"]},
            "title": {"type": ["string", "null"]}, "version": {"type": ["string", "null"]},
            "updated": {"type": ["string", "null"], "description": "YYYY-MM-DD as the document dates itself"},
            "note": {"type": ["string", "null"]}}},
    "SourceDocument": {"type": "object", "required": ["id", "title", "version", "versionNote", "updated", "maintainer", "references"],
        "properties": {"id": {"type": "string"}, "title": {"type": "string"}, "version": {"type": ["string", "null"]},
            "versionNote": {"type": ["string", "null"]}, "updated": {"type": ["string", "null"]}, "maintainer": {"type": ["string", "null"]},
            "references": {"type": "array", "items": {"type": "object", "required": ["kind", "text"],
                "properties": {"kind": {"type": "string", "enum": ["internal", "academic", "technical"]},
                    "text": {"type": "string"}, "note": {"type": ["string", "null"]}}}}}},
    "Theorem": {"type": "object", "required": ["title", "statement", "premise", "typical"],
        "properties": {"title": {"type": "string"}, "sourceTitle": {"type": ["string", "null"]}, "statement": {"type": "string"},
            "premise": {"type": "string"}, "sourcePremise": {"type": ["string", "null"]},
            "typical": {"type": "array", "items": {"type": "object", "required": ["input", "min", "max"],
                "properties": {"input": {"type": "string"}, "min": {"type": "number"}, "max": {"type": "number"},
                    "sourceText": {"type": ["string", "null"]}}}},
            "source": {"oneOf": [P("Provenance"), {"type": "null"}]}}},
    "Range": {"type": "object", "required": ["min", "max"], "properties": {"min": {"type": "number"}, "max": {"type": "number"}}},
    "Term": {"type": "object", "required": ["indicator", "weight", "inverted"],
        "properties": {"indicator": {"type": "string"}, "value": {"type": "number"}, "valueRange": P("Range"),
            "weight": {"type": "number"}, "inverted": {"type": "boolean"}, "contribution": {"type": "number"},
            "contributionRange": P("Range")}},
    "ScoreResult": {"type": "object", "required": ["model", "terms", "unused"],
        "properties": {"model": {"type": "string"}, "technology": {"type": "string"},
            "score": {"type": "number", "minimum": 0, "maximum": 1}, "scoreRange": P("Range"),
            "terms": {"type": "array", "items": P("Term")}, "unused": {"type": "array", "items": {"type": "string"}},
            "level": P("LevelReference"), "levels": {"type": "array", "items": {"type": "string"}}}},
    "ScoreResponse": {"oneOf": [P("ScoreResult"), {"type": "array", "items": P("ScoreResult")}]},
    "Interval": {"type": "object", "required": ["lower", "upper", "lowerInclusive", "upperInclusive"],
        "properties": {"lower": {"type": "number"}, "upper": {"type": "number"},
            "lowerInclusive": {"type": "boolean"}, "upperInclusive": {"type": "boolean"}}},
    "Level": {"type": "object", "required": ["id", "name", "sourceName", "interval", "nominalDegree", "certainty"],
        "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "sourceName": {"type": "string"},
            "interval": P("Interval"), "nominalDegree": {"type": "number"}, "certainty": {"type": "string"},
            "profile": {"type": "array", "items": {"type": "object"}}, "research": {"type": "string"},
            "marketStructure": {"type": "string"}, "disputeFocus": {"type": ["string", "null"]},
            "drivers": {"type": "array", "items": {"type": "string"}}}},
    "Step": nullable({"type": "object", "required": ["level", "score"],
        "properties": {"level": P("LevelReference"), "score": {"type": "number"}, "change": {"type": "number"},
            "indicators": {"type": "object", "additionalProperties": {"type": ["number", "null"]}}}}),
    "Classification": {"type": "object",
        "properties": {"model": {"type": "string"}, "technology": {"type": "string"},
            "score": {"type": "number"}, "scoreRange": P("Range"), "terms": {"type": "array", "items": P("Term")},
            "unused": {"type": "array", "items": {"type": "string"}},
            "level": P("Level"), "levels": {"type": "array", "items": P("Level")},
            "margins": {"type": "object", "properties": {"toLower": {"type": "number"}, "toUpper": {"type": "number"}}},
            "toNext": P("Step"), "toPrevious": P("Step"),
            "profile": {"type": "array", "items": {"type": "object"}}, "profileConsistent": {"type": ["boolean", "null"]}}},
    "ClassifyBody": {"anyOf": [
        {"type": "object", "required": ["score"], "properties": {"score": num01}, "additionalProperties": False,
         "description": "a bare score"},
        P("ScoreRequest"), {"type": "array", "minItems": 1, "items": P("ScoreRequest")}]},
    "ClassifyResponse": {"oneOf": [P("Classification"), {"type": "array", "items": P("Classification")}]},
    "Model": {"type": "object", "required": ["id", "terms"],
        "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "description": {"type": "string"},
            "formula": {"type": "string"},
            "terms": {"type": "array", "items": {"type": "object", "required": ["indicator", "weight", "inverted"],
                "properties": {"indicator": {"type": "string"}, "weight": {"type": "number"}, "inverted": {"type": "boolean"}}}},
            "default": {"type": "boolean", "description": "whether requests that name no model use this one"}}},
    "Market": {"type": "object", "required": ["leader", "leaderShare", "gap", "cr2", "hhi", "structure", "verdict"],
        "properties": {"leader": {"type": ["string", "null"], "description": "null when the two largest shares are equal (a tie has no leader)"}, "leaderShare": {"type": "number"}, "gap": {"type": "number"},
            "cr2": {"type": "number"}, "hhi": {"type": "number"},
            "structure": {"type": "string", "enum": ["single-standard", "monopoly", "duopoly", "fragmented", "dominant"]},
            "verdict": {"type": "string", "enum": ["decided", "undecided"]}, "winner": {"type": ["string", "null"]},
            "other": {"type": "number"}}},
    "ComparisonSummary": {"type": "object", "required": ["id", "title", "approaches"],
        "properties": {"id": {"type": "string"}, "title": {"type": "string"},
            "approaches": {"type": "array", "items": {"type": "string"}}}},
    "Comparison": {"type": "object", "required": ["id", "approaches", "market"],
        "properties": {"id": {"type": "string"}, "title": {"type": "string"},
            "approaches": {"type": "array", "items": {"type": "object"}}, "market": P("Market"),
            "table": {"oneOf": [P("Table"), {"type": "null"}]}, "score": {"type": "number"}, "level": P("LevelReference"),
            "source": {"oneOf": [P("Provenance"), {"type": "null"}]}}},
    "CompareBody": {"anyOf": [
        {"type": "object", "required": ["approaches"], "description": "market analysis of shares (sum at most 1)",
         "properties": {"approaches": {"type": "array", "minItems": 1, "items": {"type": "object", "required": ["name", "share"],
             "properties": {"name": {"type": "string"}, "share": num01}}}}},
        {"type": "object", "required": ["items"], "description": "score, classify and rank two or more items",
         "properties": {"items": {"type": "array", "minItems": 2, "items": P("ScoreRequest")},
             "model": {"type": "string"}}}]},
    "CompareResponse": {"oneOf": [P("Market"), {"type": "object", "required": ["items", "ranking", "gap", "moreConverged", "tie"],
        "properties": {"items": {"type": "array", "items": {"type": "object"}}, "ranking": {"type": "array"},
            "leaders": {"type": "array"}, "gap": {"type": "number"}, "moreConverged": {"type": "string"},
            "tie": {"type": "boolean"}}}]},
    "TableSummary": {"type": "object", "required": ["id", "title", "columns"],
        "properties": {"id": {"type": "string"}, "title": {"type": "string"},
            "kind": {"type": "string", "enum": ["comparison", "overview", "levels", "level-comparison", "level-status"]},
            "columns": {"type": "array", "items": {"type": "string"}}}},
    "Table": {"type": "object", "required": ["id", "title", "columns", "rows"],
        "properties": {"id": {"type": "string"}, "title": {"type": "string"},
            "kind": {"type": "string", "enum": ["comparison", "overview", "levels", "level-comparison", "level-status"]},
            "columns": {"type": "array", "items": {"type": "string"}},
            "sourceColumns": {"type": "array", "items": {"type": "string"}, "description": "the headers as the source document writes them"},
            "source": P("Provenance"), "level": {"type": "string", "description": "level-status tables: the level described"},
            "rows": {"type": "array", "items": {"type": "object", "required": ["dimension", "values", "cells"],
                "properties": {"dimension": {"type": "string"}, "sourceDimension": {"type": "string"},
                    "values": {"type": "array", "items": {"type": "string"}}, "advantage": {"type": ["string", "null"]},
                    "cells": {"type": "array", "items": {"type": "string"}},
                    "sourceValues": {"type": "array", "items": {"type": "string"}, "description": "the cells after the dimension in the source's words"}}}}}},
    "TechnologySummary": {"type": "object", "required": ["id", "score", "level", "sourceLevel"],
        "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "score": {"type": "number"},
            "level": P("LevelReference"), "sourceLevel": {"type": "string"}, "claimed": {"type": ["number", "null"]},
            "trend": {"oneOf": [{"type": "object", "required": ["direction"],
                "properties": {"direction": {"type": "string", "enum": ["converging", "stable", "diverging"]},
                               "points": {"type": "integer"}, "slopePerYear": {"type": "number"}}}, {"type": "null"}]},
            "source": {"oneOf": [P("Provenance"), {"type": "null"}]}}},
    "Technology": {"type": "object", "required": ["id", "score", "level"],
        "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "score": {"type": "number"},
            "level": P("LevelReference"), "sourceLevel": {"type": "string"},
            "approaches": {"type": "array"}, "history": {"type": "array"},
            "source": {"oneOf": [P("Provenance"), {"type": "null"}]}, "theorem": {"oneOf": [P("Theorem"), {"type": "null"}]},
            "challenges": {"type": "array", "items": {"type": "object", "required": ["title", "problem", "remedies"],
                "properties": {"title": {"type": "string"}, "problem": {"type": "string"},
                    "remedies": {"type": "array", "items": {"type": "object", "required": ["name", "reason", "sourceText"],
                        "properties": {"name": {"type": "string"}, "reason": {"type": ["string", "null"]},
                            "sourceText": {"type": ["string", "null"]}}}}}}},
            "tables": {"type": "array", "items": P("Table"), "description": "its comparison and overview tables"}}},
    "Errata": {"type": "object", "required": ["examples", "levels"],
        "properties": {"examples": {"type": "array", "items": {"type": "object"}},
                       "levels": {"type": "array", "items": {"type": "object"}},
                       "claims": {"type": "array", "description": "claims about shares that cannot hold", "items": {"type": "object",
                           "required": ["kind", "subject", "table", "value", "min", "max", "detail"],
                           "properties": {"kind": {"type": "string", "enum": ["share-claim", "share-outside-claim"]},
                               "subject": {"type": "string"}, "table": {"type": "string"}, "value": {"type": "number"},
                               "min": {"type": "number"}, "max": {"type": "number"}, "detail": {"type": "string"}}}},
                       "documents": {"type": "array", "items": P("SourceDocument"), "description": "the source documents the findings are about"}}},
    "MoECost": {"type": "object", "required": ["ratio", "saving", "outsideTypical"],
        "properties": {"ratio": {"type": "number"}, "saving": {"type": "number"},
            "premise": {"type": "string", "description": "what the saving rests on: the experts are chosen correctly"},
            "theorem": P("Theorem"),
            "outsideTypical": {"type": "array", "items": {"type": "string", "enum": ["experts", "active"]},
                "description": "inputs outside the theorem's typical ranges (E 8–128, k 1–2)"}}},
    "LoadImbalance": {"type": "object", "required": ["imbalance", "coefficientOfVariation"],
        "properties": {"imbalance": {"type": "number"}, "coefficientOfVariation": {"type": "number"}}},
    "ContextCost": {"type": "object", "required": ["longContext", "rag", "ratio"],
        "properties": {"longContext": {"type": "number"}, "rag": {"type": "number"}, "ratio": {"type": "number"},
                       "model": {"type": "string"}}},
    "Status": {"type": "object", "required": ["status"], "properties": {"status": {"type": "string"}}},
}

problem_content = {"application/problem+json": {"schema": P("Problem")}}
responses = {
    "NotModified": {"description": "Not modified: the `If-None-Match` tag matches (no body)."},
    "BadRequest": {"description": "Malformed JSON (the detail gives line, column and byte offset) or HTTP.", "content": problem_content},
    "NotFound": {"description": "Unknown id (the detail names it).", "content": problem_content},
    "TooLarge": {"description": "Body over the configured limit.", "content": problem_content},
    "UnsupportedMediaType": {"description": "A body type that is not JSON.", "content": problem_content},
    "Unprocessable": {"description": "Invalid values: every problem with its JSON pointer.", "content": problem_content},
    "Error": {"description": "Any other error (405, 408, 413, 414, 431, 501, 503), as problem details.", "content": problem_content},
}

score_params = [qnum(i, f"{i} in [0, 1]", 0, 1) for i in INDICATORS] + [
    {"name": "model", "in": "query", "required": False, "description": "model id", "schema": {"type": "string"}},
    {"name": "technology", "in": "query", "required": False, "description": "catalog technology id", "schema": {"type": "string"}}]

T = lambda *t: t
paths = {
    "/score": {
        "get": get_op("scoreGet", "Score point indicators given as query parameters", P("ScoreResult"), score_params, [422], tags=T("scoring")),
        "post": post_op("score", "Score indicators, ranges, a technology, or a batch", P("ScoreBody"), P("ScoreResponse"), {
            "point": {"adoption": 0.6, "standardization": 0.7, "controversy": 0.3, "maturity": 0.75, "model": "extended"},
            "technology": {"technology": "moe-vs-dense"},
            "ranges": {"adoption": [0.5, 0.7], "standardization": [0.5, 0.8], "controversy": [0.2, 0.5]},
            "weights": {"weights": {"adoption": 0.5, "standardization": 0.3, "controversy": 0.2},
                        "adoption": 0.6, "standardization": 0.7, "controversy": 0.3},
            "batch": [{"technology": "rlhf"}, {"adoption": 0.6, "standardization": 0.6, "controversy": 0.4}]}, tags=T("scoring"))},
    "/classify": {
        "get": get_op("classifyGet", "Classify a score (or point indicators)", P("Classification"),
                      [qnum("score", "a score in [0, 1]", 0, 1)] + score_params, [422], tags=T("scoring")),
        "post": post_op("classify", "Classify a score, indicators, a technology, or a batch", P("ClassifyBody"), P("ClassifyResponse"), {
            "score": {"score": 0.68}, "technology": {"technology": "edge-vs-cloud"}}, tags=T("scoring"))},
    "/levels": {"get": get_op("levels", "The level definitions L0–L4", {"type": "array", "items": P("Level")}, tags=T("catalog"))},
    "/levels/{id}": {"get": get_op("level", "One level", P("Level"), [pid("id", "level id", "L2")], [404], tags=T("catalog"))},
    "/models": {"get": get_op("models", "The scoring models", {"type": "array", "items": P("Model")}, tags=T("catalog"))},
    "/models/{id}": {"get": get_op("model", "One model", P("Model"), [pid("id", "model id", "formal")], [404], tags=T("catalog"))},
    "/compare": {
        "get": get_op("comparisons", "The comparisons the catalog offers", {"type": "array", "items": P("ComparisonSummary")}, tags=T("comparisons")),
        "post": post_op("compare", "Market analysis of shares, or a ranking of items", P("CompareBody"), P("CompareResponse"), {
            "approaches": {"approaches": [{"name": "A", "share": 0.55}, {"name": "B", "share": 0.45}]},
            "items": {"items": [{"technology": "rlhf"}, {"technology": "reasoning"}], "model": "formal"}}, tags=T("comparisons"))},
    "/compare/{id}": {"get": get_op("comparison", "One question side by side", P("Comparison"),
                                    [pid("id", "technology id with two or more approaches", "moe-vs-dense")], [404], tags=T("comparisons"))},
    "/tables": {"get": get_op("tables", "The comparison and level tables", {"type": "array", "items": P("TableSummary")}, tags=T("catalog"))},
    "/tables/{id}": {"get": get_op("table", "One table as JSON, or CSV (RFC 4180, header row) with `Accept: text/csv` or `?format=csv`",
        P("Table"), [pid("id", "table id", "levels"),
                     {"name": "format", "in": "query", "required": False, "schema": {"type": "string", "enum": ["json", "csv"]}},
                     {"name": "lang", "in": "query", "required": False, "description": "CSV text: en (default) or zh, the source document's words where it has them",
                      "schema": {"type": "string", "enum": ["en", "zh"]}}],
        [404, 422], extra_types={"text/csv": {"type": "string"}}, tags=T("catalog"))},
    "/technologies": {"get": get_op("technologies", "Catalog technologies with computed score and level",
        {"type": "array", "items": P("TechnologySummary")},
        [{"name": "level", "in": "query", "required": False, "description": "computed level id", "schema": {"type": "string", "pattern": "^L[0-4]$"}},
         {"name": "sourceLevel", "in": "query", "required": False, "description": "level the source assigns", "schema": {"type": "string", "pattern": "^L[0-4]$"}}],
        [422], tags=T("catalog"))},
    "/technologies/{id}": {"get": get_op("technology", "One technology with approaches, tables and history", P("Technology"),
                                         [pid("id", "technology id", "moe-vs-dense")], [404], tags=T("catalog"))},
    "/errata": {"get": get_op("errata", "Where the source's arithmetic and levels disagree, computed at run time", P("Errata"), tags=T("catalog"))},
    "/calculators/moe-cost": {
        "get": get_op("moeCostGet", "MoE cost ratio k/E (or active/total parameters)", P("MoECost"),
            [qnum("experts", "experts E (integer ≥ 1)", 1, integer=True), qnum("active", "active experts k (1 ≤ k ≤ E)", 1, integer=True),
             qnum("totalParams", "total parameters", 0), qnum("activeParams", "active parameters", 0)], [422], tags=T("calculators")),
        "post": post_op("moeCost", "MoE cost ratio k/E (or active/total parameters)",
            {"oneOf": [{"type": "object", "required": ["experts", "active"],
                        "properties": {"experts": {"type": "integer", "minimum": 1}, "active": {"type": "integer", "minimum": 1}},
                        "not": {"anyOf": [{"required": ["totalParams"]}, {"required": ["activeParams"]}]}},
                       {"type": "object", "required": ["totalParams", "activeParams"],
                        "properties": {"totalParams": {"type": "number", "exclusiveMinimum": 0}, "activeParams": {"type": "number", "exclusiveMinimum": 0}},
                        "not": {"anyOf": [{"required": ["experts"]}, {"required": ["active"]}]}}]},
            P("MoECost"), {"experts": {"experts": 8, "active": 2}}, tags=T("calculators"))},
    "/calculators/load-imbalance": {
        "get": get_op("loadImbalanceGet", "max − min expert load and coefficient of variation", P("LoadImbalance"),
            [{"name": "loads", "in": "query", "required": True, "description": "comma-separated non-negative loads",
              "schema": {"type": "string", "pattern": "^[0-9.]+(,[0-9.]+)*$"}, "example": "0.3,0.2,0.25,0.25"}], [422], tags=T("calculators")),
        "post": post_op("loadImbalance", "max − min expert load and coefficient of variation",
            {"type": "object", "required": ["loads"], "properties": {"loads": {"type": "array", "minItems": 1, "items": {"type": "number", "minimum": 0}}}},
            P("LoadImbalance"), {"loads": {"loads": [0.3, 0.2, 0.25, 0.25]}}, tags=T("calculators"))},
    "/calculators/context-cost": {
        "get": get_op("contextCostGet", "Asymptotic cost of long context (N²·d) vs RAG (N·d + R²·d)", P("ContextCost"),
            [qnum("contextTokens", "context length N", 1, integer=True, required=True), qnum("retrievedTokens", "retrieved tokens R", 0, integer=True, required=True),
             qnum("width", "model width d", 1, integer=True, required=True)], [422], tags=T("calculators")),
        "post": post_op("contextCost", "Asymptotic cost of long context (N²·d) vs RAG (N·d + R²·d)",
            {"type": "object", "required": ["contextTokens", "retrievedTokens", "width"],
             "properties": {"contextTokens": {"type": "number", "minimum": 1}, "retrievedTokens": {"type": "number", "minimum": 0},
                            "width": {"type": "number", "minimum": 1}}},
            P("ContextCost"), {"seed": {"contextTokens": 131072, "retrievedTokens": 4096, "width": 4096}}, tags=T("calculators"))},
    "/healthz": {"get": {"operationId": "healthz", "summary": "Liveness: 200 while the process runs", "tags": ["operations"],
        "responses": {"200": ok(P("Status"), etag=True), "304": R("NotModified"), "default": R("Error")}}},
    "/readyz": {"get": {"operationId": "readyz", "summary": "Readiness: 200 when serving, 503 while draining", "tags": ["operations"],
        "responses": {"200": ok(P("Status"), etag=True), "304": R("NotModified"),
                      "503": {"description": "Draining", "content": problem_content}, "default": R("Error")}}},
    "/metrics": {"get": {"operationId": "metrics", "summary": "Prometheus text exposition", "tags": ["operations"],
        "responses": {"200": {"description": "OK", "content": {"text/plain": {"schema": {"type": "string"}}}}, "default": R("Error")}}},
    "/openapi.json": {"get": {"operationId": "openapi", "summary": "This document", "tags": ["operations"],
        "responses": {"200": ok({"type": "object"}, etag=True), "304": R("NotModified"), "default": R("Error")}}},
    "/": {"get": {"operationId": "dashboard", "summary": "The dashboard (Public/index.html)", "tags": ["operations"],
        "responses": {"200": {"description": "OK", "content": {"text/html": {"schema": {"type": "string"}}}},
                      "304": R("NotModified"), "404": R("NotFound"), "default": R("Error")}}},
}

doc = {
    "openapi": "3.1.0",
    "info": {"title": "Convergence", "version": "1.0.0", "description":
        "Scores, classifies and compares AI technologies by how far their field has converged (levels L0–L4). "
        "Every GET also answers HEAD (same headers, no body) and every route answers OPTIONS (CORS preflight). "
        "GET responses carry a strong ETag and answer 304 to a matching If-None-Match; bodies over the gzip "
        "threshold are gzip-encoded when the client accepts it. Errors are RFC 9457 problem details. "
        "Query-parameter errors use pointers named after the parameter (`/adoption`)."},
    "servers": [{"url": "/"}],
    "tags": [{"name": n} for n in ["scoring", "catalog", "comparisons", "calculators", "operations"]],
    "paths": paths,
    "components": {"schemas": schemas, "responses": responses, "headers": {
        "ETag": {"description": "strong entity tag of the representation", "schema": {"type": "string"}},
        "X-Request-ID": {"description": "the client's id when it is a sane token, else a generated one", "schema": {"type": "string"}}}},
}

text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
assert '"""#' not in text
out = os.path.join(os.path.dirname(__file__), "..", "Sources", "ConvergenceAPI", "OpenAPI", "OpenAPIDocument.swift")
with open(out, "w") as f:
    f.write("// Generated by scripts/gen-openapi.py: edit the script, not this file.\n\n")
    f.write("/// The OpenAPI 3.1 document served at `/openapi.json` (independent of the loaded catalog).\n")
    f.write("public enum OpenAPIDocument {\n    public static let json = #\"\"\"\n")
    f.write(text + "\n")
    f.write("\"\"\"#\n}\n")
print(f"wrote {out} ({len(text)} bytes)")
