#!/usr/bin/env python3
"""Calls every operation of a running Convergence service through the client that
openapi-python-client generates from openapi/openapi.json, and checks the typed results.

    Examples/PythonClient/run.sh http://127.0.0.1:8080     # generates the client, then runs this

Expected values come from the documented model (docs/api.md, README): MoE vs Dense scores 0.68 under
the extended model (L2); 8 experts with 2 active cost 0.25; loads 1, 2, 3 are 2 apart.
"""
import sys

from convergence_client import Client
from convergence_client.api.calculators import (context_cost, context_cost_get, load_imbalance, load_imbalance_get,
                                                moe_cost, moe_cost_get)
from convergence_client.api.catalog import errata, level, levels, model, models, table, tables, technologies, technology
from convergence_client.api.comparisons import compare, comparison, comparisons
from convergence_client.api.operations import dashboard, healthz, metrics, openapi, readyz
from convergence_client.api.scoring import classify, classify_get, score, score_get
from convergence_client.models import (ClassifyRequest, ContextCost, ContextCostRequest, Errata, ItemComparison,
                                       ItemsRequest, Level, LoadImbalance, LoadImbalanceRequest, Market, MarketRequest,
                                       MoECost, MoECostRequestType0, Model, NullableMarketType0, OpenAPIDocument, PointClassification,
                                       PointScore, Problem, RangeScore, ScoreRequest, ShareRequest, Status, Table,
                                       TableFormat, TableSummary, Technology, TechnologySummary, Comparison,
                                       ComparisonSummary)

calls = 0


def expect(name, value, kind, check=lambda v: True):
    """One operation's result: of the generated type `kind`, and right by `check`."""
    global calls
    calls += 1
    if not isinstance(value, kind):
        sys.exit(f"FAIL {name}: got {type(value).__name__} {value!r:.300}, want {kind}")
    if not check(value):
        sys.exit(f"FAIL {name}: unexpected value {value!r:.300}")
    print(f"ok   {name:34} {type(value).__name__}")
    return value


def main(base):
    c = Client(base_url=base, raise_on_unexpected_status=True)

    # Scoring
    expect("scoreGet", score_get.sync(client=c, adoption=0.6, standardization=0.7, controversy=0.3, model="formal"),
           PointScore, lambda r: r.score == 0.66)
    point = ScoreRequest.from_dict({"adoption": 0.6, "standardization": 0.7, "controversy": 0.3, "maturity": 0.75,
                                    "model": "extended"})
    expect("score (point)", score.sync(client=c, body=point), PointScore, lambda r: r.score == 0.68 and r.level.id == "L2")
    ranged = ScoreRequest.from_dict({"adoption": [0.5, 0.7], "standardization": [0.5, 0.8], "controversy": [0.2, 0.5]})
    expect("score (range)", score.sync(client=c, body=ranged), RangeScore, lambda r: r.score_range.min_ < r.score_range.max_)
    batch = [ScoreRequest(technology="rlhf"), ScoreRequest(technology="moe-vs-dense")]
    expect("score (batch)", score.sync(client=c, body=batch), list,
           lambda r: len(r) == 2 and all(isinstance(x, PointScore) for x in r) and r[0].technology == "rlhf")
    expect("score (422)", score.sync(client=c, body=ScoreRequest.from_dict({"adoption": 0.6, "model": "nope"})),
           Problem, lambda p: p.status == 422 and any(e.pointer == "/model" for e in p.errors))
    expect("classifyGet", classify_get.sync(client=c, score=0.68), PointClassification,
           lambda r: r.level.id == "L2" and r.to_next.level.id == "L3")
    expect("classify", classify.sync(client=c, body=ClassifyRequest(technology="edge-vs-cloud")), PointClassification,
           lambda r: r.technology == "edge-vs-cloud" and isinstance(r.level, Level))

    # Catalog
    expect("levels", levels.sync(client=c), list, lambda r: [x.id for x in r] == ["L0", "L1", "L2", "L3", "L4"])
    expect("level", level.sync("L2", client=c), Level, lambda r: r.id == "L2")
    expect("level (404)", level.sync("L9", client=c), Problem, lambda p: p.status == 404)
    expect("models", models.sync(client=c), list, lambda r: any(m.id == "formal" for m in r) and isinstance(r[0], Model))
    expect("model", model.sync("extended", client=c), Model, lambda r: len(r.terms) == 4)
    expect("tables", tables.sync(client=c), list, lambda r: all(isinstance(x, TableSummary) for x in r))
    expect("table", table.sync("moe-vs-dense", client=c), Table, lambda r: r.columns[0] == "Dimension" and len(r.rows) > 0)
    # The generated `table` parses every 200 as JSON (it models one body per status), so the CSV
    # representation is read through the client's own httpx session.
    csv = c.get_httpx_client().get("/tables/moe-vs-dense", params={"format": TableFormat.CSV.value})
    expect("table (csv)", csv.content, bytes, lambda b: csv.status_code == 200 and b.startswith(b"Dimension,"))
    expect("technologies", technologies.sync(client=c, level="L2"), list,
           lambda r: any(t.id == "moe-vs-dense" for t in r) and all(isinstance(t, TechnologySummary) for t in r))
    expect("technology", technology.sync("moe-vs-dense", client=c), Technology,
           lambda r: r.score == 0.68 and len(r.approaches) == 2 and len(r.tables) > 0)
    expect("errata", errata.sync(client=c), Errata, lambda r: any(e.technology == "moe-vs-dense" for e in r.examples))

    # Comparisons
    expect("comparisons", comparisons.sync(client=c), list, lambda r: all(isinstance(x, ComparisonSummary) for x in r))
    expect("comparison", comparison.sync("moe-vs-dense", client=c), Comparison,
           lambda r: isinstance(r.market, NullableMarketType0) and r.market.structure.value == "duopoly")
    shares = MarketRequest(approaches=[ShareRequest(name="A", share=0.55), ShareRequest(name="B", share=0.45)])
    expect("compare (market)", compare.sync(client=c, body=shares), Market, lambda r: r.hhi == 5050)
    items = ItemsRequest(items=[ScoreRequest(technology="rlhf"), ScoreRequest(technology="reasoning")], model="formal")
    expect("compare (items)", compare.sync(client=c, body=items), ItemComparison, lambda r: r.more_converged == "rlhf")

    # Calculators
    expect("moeCostGet", moe_cost_get.sync(client=c, experts=8, active=2), MoECost, lambda r: r.ratio == 0.25)
    expect("moeCost", moe_cost.sync(client=c, body=MoECostRequestType0(experts=8, active=2)), MoECost,
           lambda r: r.saving == 0.75)
    expect("loadImbalanceGet", load_imbalance_get.sync(client=c, loads="1,2,3"), LoadImbalance, lambda r: r.imbalance == 2)
    expect("loadImbalance", load_imbalance.sync(client=c, body=LoadImbalanceRequest(loads=[1, 2, 3])), LoadImbalance,
           lambda r: r.count == 3)
    expect("contextCostGet", context_cost_get.sync(client=c, context_tokens=131072, retrieved_tokens=4096, width=4096),
           ContextCost, lambda r: r.long_context == 131072 ** 2 * 4096)
    body = ContextCostRequest(context_tokens=131072, retrieved_tokens=4096, width=4096)
    expect("contextCost", context_cost.sync(client=c, body=body), ContextCost, lambda r: r.rag == 131072 * 4096 + 4096 ** 2 * 4096)

    # Operations
    expect("healthz", healthz.sync(client=c), Status, lambda r: r.status.value == "ok")
    expect("readyz", readyz.sync(client=c), Status, lambda r: r.status.value == "ready")
    expect("metrics", metrics.sync(client=c), str, lambda r: "# TYPE http_requests_total counter" in r)
    expect("openapi", openapi.sync(client=c), OpenAPIDocument, lambda r: r.openapi == "3.1.0")
    page = dashboard.sync_detailed(client=c)
    expect("dashboard", page.content, bytes, lambda b: page.status_code == 200 and b"<html" in b.lower())
    print(f"{calls} calls through the generated client, all typed as documented")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080")
