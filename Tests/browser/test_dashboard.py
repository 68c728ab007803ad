#!/usr/bin/env python3
"""Browser test of the dashboard: headless Chromium (Debian's chromium + chromium-driver) driven by
Selenium loads the page from a running Convergence service and checks the rendered DOM.

Expected values come from the model (docs/model.md: levels, market structure, tables, catalog, errata),
never from the page. Level bounds, level ids, indicators and models on the page must equal what
GET /levels and GET /models serve, and follow them when the served config changes.

Environment:
  BASE_URL           the service, e.g. http://127.0.0.1:8080 (required)
  SCREENSHOT         desktop full-page PNG (default /tmp/dashboard.png)
  SCREENSHOT_PHONE   phone-width full-page PNG (default /tmp/dashboard-phone.png)
  CHROMIUM, CHROMEDRIVER  binaries (default /usr/bin/chromium, /usr/bin/chromedriver)
  RELOAD_DIR, SERVER_PID  when the test may edit the served config (RELOAD_DIR/config) and send
                     SIGHUP to the server: checks that a reload (catalog, level bounds, models)
                     reaches the open page

Prints one line per check and a closing line "N passed, N failed"; exits 1 on any failure.
"""

import base64
import json
import os
import signal
import sys
import time
import traceback
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE_URL = os.environ.get("BASE_URL", "").rstrip("/")
SCREENSHOT = os.environ.get("SCREENSHOT", "/tmp/dashboard.png")
SCREENSHOT_PHONE = os.environ.get("SCREENSHOT_PHONE", "/tmp/dashboard-phone.png")
WAIT = float(os.environ.get("WAIT_SECONDS", "20"))

# The catalog (docs/model.md#catalog) with the scores recomputed by hand from the models
# (docs/model.md#models), and the levels (docs/model.md#levels).
EXPECTED = {
    "attention": (0.98, "L4", "L4"),          # 0.4·1 + 0.4·0.95 + 0.2·1
    "pretrain-finetune": (0.984, "L4", "L4"),  # 0.3 + 0.294 + 0.2 + 0.19
    "adamw": (0.9945, "L4", "L4"),            # 0.25 + 0.2475 + 0.2 + 0.297
    "decoder-only": (0.89, "L3", "L3"),       # 0.315 + 0.315 + 0.17 + 0.09
    "rlhf": (0.8675, "L3", "L3"),             # 0.315 + 0.2975 + 0.17 + 0.085
    "tokenization": (0.89, "L3", "L3"),
    "moe-vs-dense": (0.68, "L2", "L2"),       # 0.18 + 0.21 + 0.14 + 0.15
    "long-context-vs-rag": (0.65, "L2", "L2"),
    "reasoning": (0.49, "L1", "L1"),
    "multimodal": (0.475, "L1", "L1"),
    "edge-vs-cloud": (0.37, "L1", "L0"),      # computes L1, the source says L0
    "code-vs-general": (0.27, "L0", "L0"),
}
LEVEL_BOUNDS = {"L0": (0.0, 0.30), "L1": (0.30, 0.60), "L2": (0.60, 0.80), "L3": (0.80, 0.95), "L4": (0.95, 1.0)}
# docs/model.md#errata: claimed → computed.
ERRATA = {
    "moe-vs-dense": (0.685, 0.68),
    "long-context-vs-rag": (0.635, 0.65),
    "decoder-only": (0.885, 0.89),
    "tokenization": (0.885, 0.89),
    "rlhf": (0.865, 0.8675),
    "edge-vs-cloud": (0.35, 0.37),
    "adamw": (0.992, 0.9945),
}

RELOAD_DIR = os.environ.get("RELOAD_DIR", "")
SERVER_PID = os.environ.get("SERVER_PID", "")

results = []


def check(name):
    """Runs one check; an exception or a failed assert fails it and the run goes on."""
    def wrap(fn):
        try:
            fn()
            results.append((name, True, ""))
            print(f"PASS  {name}", flush=True)
        except Exception as err:  # noqa: BLE001 - every failure is reported, none stops the run
            detail = f"{type(err).__name__}: {err}" if str(err) else traceback.format_exc(limit=2).strip().splitlines()[-1]
            results.append((name, False, detail))
            print(f"FAIL  {name}\n      {detail}", flush=True)
        return fn
    return wrap


def close(a, b, tol=1e-9):
    return abs(float(a) - float(b)) <= tol


def num_text(s):
    return float(s.strip().replace("−", "-").replace("+", ""))


def make_driver():
    options = Options()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1000", "--hide-scrollbars", "--force-color-profile=srgb",
                "--disable-extensions", "--no-first-run", "--lang=en-US"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    return webdriver.Chrome(service=service, options=options)


def full_page_png(driver, path):
    """A full-page screenshot through the DevTools protocol (Selenium's own is viewport only)."""
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True, "fromSurface": True,
        "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1},
    })
    with open(path, "wb") as f:
        f.write(base64.b64decode(shot["data"]))
    return size


def severe(logs, allowed=()):
    return [e for e in logs if e.get("level") == "SEVERE" and not any(a in e.get("message", "") for a in allowed)]


def http(path, headers=None):
    req = urllib.request.Request(BASE_URL + path, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def served(path):
    """The service's JSON body of a GET."""
    status, _, body = http(path)
    assert status == 200, f"GET {path} → {status}"
    return json.loads(body)


def interval_text(iv):
    """An Interval as the page writes it: "(0.6, 0.8]" (numbers without trailing zeros)."""
    return f"{'[' if iv['lowerInclusive'] else '('}{iv['lower']:g}, {iv['upper']:g}{']' if iv['upperInclusive'] else ')'}"


def main():
    if not BASE_URL:
        print("BASE_URL is not set", file=sys.stderr)
        return 2
    print(f"dashboard browser test against {BASE_URL}", flush=True)

    # What the service sends with the page: MIME types, ETag/304, CSP.
    @check("static files: MIME types, ETag and 304, CSP allows only 'self'")
    def _():
        status, headers, body = http("/")
        assert status == 200, f"GET / → {status}"
        assert headers.get("Content-Type", "").startswith("text/html"), headers.get("Content-Type")
        csp = headers.get("Content-Security-Policy", "")
        assert "default-src 'self'" in csp or "script-src 'self'" in csp, f"CSP is {csp!r}"
        for bad in ("unsafe-inline", "unsafe-eval", "http:", "https:", "*"):
            assert bad not in csp, f"CSP allows {bad}: {csp!r}"
        for path, mime in (("/js/main.js", "javascript"), ("/css/dashboard.css", "text/css"), ("/favicon.svg", "image/svg+xml")):
            s, h, _ = http(path)
            assert s == 200 and mime in h.get("Content-Type", ""), f"{path}: {s} {h.get('Content-Type')}"
        etag = headers.get("ETag")
        assert etag, "no ETag on /"
        s, _, _ = http("/", {"If-None-Match": etag})
        assert s == 304, f"If-None-Match on / → {s}"
        s, h, _ = http("/technologies")
        assert s == 200 and h.get("ETag"), "no ETag on /technologies"
        s, _, _ = http("/technologies", {"If-None-Match": h.get("ETag")})
        assert s == 304, f"If-None-Match on /technologies → {s}"

    driver = make_driver()
    try:
        run_page_checks(driver)
    finally:
        driver.quit()

    passed = sum(1 for r in results if r[1])
    failed = len(results) - passed
    if failed:
        print("\nfailures:")
        for name, ok, detail in results:
            if not ok:
                print(f"  - {name}: {detail}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


def run_page_checks(driver):
    wait = WebDriverWait(driver, WAIT)
    q = lambda css: driver.find_element(By.CSS_SELECTOR, css)  # noqa: E731
    qa = lambda css: driver.find_elements(By.CSS_SELECTOR, css)  # noqa: E731

    driver.get(BASE_URL + "/")

    @check("page loads and renders every section")
    def _():
        try:
            wait.until(lambda d: d.execute_script(
                "return document.body.dataset.catalogVersion !== undefined"
                " && ['scale','comparison-list','errata-body','history-charts'].every(id => document.getElementById(id).dataset.ready === 'true')"
                " && document.getElementById('calc-result').dataset.state === 'ok'"))
        except TimeoutException:
            state = driver.execute_script(
                "return {status: document.getElementById('status-text').textContent,"
                " errors: [...document.querySelectorAll('.error')].map(e => e.textContent)}")
            raise AssertionError(f"not ready after {WAIT}s: {state}")
        assert driver.title == "Convergence dashboard", driver.title
        errors = [e.text for e in qa(".error") if e.is_displayed()]
        assert not errors, f"error boxes on the page: {errors}"
        assert driver.execute_script("return document.getElementById('status').dataset.state") == "ok"

    def band_edges():
        """Each level band's (left, right) x on the scale."""
        bands = {}
        for band in qa("#scale svg g.band"):
            rect = band.find_element(By.CSS_SELECTOR, "rect.band-fill")
            x = float(rect.get_attribute("x"))
            bands[band.get_attribute("data-level")] = (x, x + float(rect.get_attribute("width")))
        return bands

    @check("scale: all 12 catalog technologies placed, with their computed levels")
    def _():
        marks = {g.get_attribute("data-id"): g for g in qa("#scale svg g.tech")}
        assert set(marks) == set(EXPECTED), f"marks {sorted(marks)}"
        bands = band_edges()
        assert set(bands) == set(LEVEL_BOUNDS), f"bands {sorted(bands)}"
        # Bands in order, and proportional to the spec's bounds.
        x0 = bands["L0"][0]
        unit = (bands["L4"][1] - x0)
        for lid, (lo, hi) in LEVEL_BOUNDS.items():
            assert abs(bands[lid][0] - (x0 + lo * unit)) < 1.5 and abs(bands[lid][1] - (x0 + hi * unit)) < 1.5, f"band {lid} {bands[lid]}"
        # Coloured by level: each dot as its level's swatch in the legend.
        swatches = driver.execute_script(
            "return Object.fromEntries([...document.querySelectorAll('#scale-legend li')]"
            ".map(li => [li.dataset.level, getComputedStyle(li.querySelector('.swatch')).backgroundColor]))")
        assert len(set(swatches.values())) == len(LEVEL_BOUNDS), f"levels share a colour: {swatches}"
        for tid, (score, level, source) in EXPECTED.items():
            g = marks[tid]
            assert close(g.get_attribute("data-score"), score), f"{tid} score {g.get_attribute('data-score')} ≠ {score}"
            assert g.get_attribute("data-level") == level, f"{tid} level {g.get_attribute('data-level')} ≠ {level}"
            assert g.get_attribute("data-source-level") == source, f"{tid} source level {g.get_attribute('data-source-level')}"
            cx = float(g.find_element(By.CSS_SELECTOR, "circle.tech-dot").get_attribute("cx"))
            assert abs(cx - (x0 + score * unit)) < 1.5, f"{tid} drawn at x={cx}, expected {x0 + score * unit}"
            lo, hi = bands[level]
            assert lo - 0.5 <= cx <= hi + 0.5, f"{tid} at x={cx} is outside its band {level} {bands[level]}"
            label = g.find_element(By.CSS_SELECTOR, "text.tech-value").text
            assert level in label, f"{tid} label {label!r}"
            fill = driver.execute_script("return getComputedStyle(arguments[0].querySelector('circle.tech-dot')).fill", g)
            assert fill == swatches[level], f"{tid} coloured {fill}, its level {level} is {swatches[level]}"

    @check("scale: edge-vs-cloud marked as differing from its source level L0, and only it")
    def _():
        mismatched = [g.get_attribute("data-id") for g in qa("#scale svg g.tech[data-mismatch='true']")]
        assert mismatched == ["edge-vs-cloud"], f"mismatched: {mismatched}"
        g = q("#scale svg g.tech[data-id='edge-vs-cloud']")
        assert g.find_elements(By.CSS_SELECTOR, "circle.mismatch-ring"), "no ring"
        assert "source L0" in g.find_element(By.CSS_SELECTOR, "text.tech-value").text

    @check("scale: the erratum of edge-vs-cloud is one click (or one Enter) away")
    def _():
        link = q("#scale svg a[data-erratum-link='edge-vs-cloud']")
        callout = q("#erratum-callout")
        assert not callout.is_displayed(), "callout open before the click"
        dot = link.find_element(By.CSS_SELECTOR, "circle.tech-dot")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", dot)
        dot.click()
        wait.until(lambda d: callout.is_displayed())
        text = callout.text
        assert "0.37" in text and "L1" in text and "L0" in text and "0.35" in text, f"callout: {text!r}"
        callout.find_element(By.CSS_SELECTOR, "button").click()
        wait.until(lambda d: not callout.is_displayed())
        # Keyboard: the mark is a focusable link; Enter opens the erratum.
        driver.execute_script("arguments[0].focus()", link)
        assert driver.execute_script("return document.activeElement === arguments[0]", link), "mark not focusable"
        driver.switch_to.active_element.send_keys(Keys.ENTER)
        wait.until(lambda d: callout.is_displayed())
        callout.find_element(By.CSS_SELECTOR, "button").click()

    @check("scale: legend shows the five levels with their bounds")
    def _():
        items = {li.get_attribute("data-level"): li.text for li in qa("#scale-legend li")}
        expected = {"L0": "[0, 0.3)", "L1": "[0.3, 0.6]", "L2": "(0.6, 0.8]", "L3": "(0.8, 0.95]", "L4": "(0.95, 1]"}
        for lid, interval in expected.items():
            assert interval in items.get(lid, ""), f"{lid}: {items.get(lid)!r} lacks {interval}"

    def legend_intervals():
        """Each level of the legend with the interval it shows."""
        return {li.get_attribute("data-level"): li.find_element(By.CSS_SELECTOR, "[data-field='interval']").text for li in qa("#scale-legend li")}

    @check("levels, bounds, indicators and models shown are those GET /levels and GET /models serve")
    def _():
        levels, models = served("/levels"), served("/models")
        bands = qa("#scale svg g.band")
        assert [b.get_attribute("data-level") for b in bands] == [lv["id"] for lv in levels], "bands differ from /levels"
        for band, lv in zip(bands, levels):
            got = (float(band.get_attribute("data-lower")), float(band.get_attribute("data-upper")))
            assert got == (lv["interval"]["lower"], lv["interval"]["upper"]), f"band {lv['id']} {got} ≠ {lv['interval']}"
        legend = legend_intervals()
        assert legend == {lv["id"]: interval_text(lv["interval"]) for lv in levels}, legend
        # The indicators: every one a model weighs, in the order the models first name them.
        indicators = []
        for m in models:
            indicators += [t["indicator"] for t in m["terms"] if t["indicator"] not in indicators]
        rows = [r.get_attribute("data-indicator") for r in qa("#calc-indicators .indicator")]
        assert rows == indicators, f"indicator fields {rows}, the models weigh {indicators}"
        weights = [el.get_attribute("id").removeprefix("w-") for el in qa("#calc-weight-fields input")]
        assert weights == indicators, f"weight fields {weights}"
        inverted = {t["indicator"] for m in models for t in m["terms"] if t["inverted"]}
        marked = {el.get_attribute("for").removeprefix("w-") for el in qa("#calc-weight-fields label") if "(inverted)" in el.get_attribute("textContent")}
        assert marked == inverted, f"marked inverted {marked}, the models invert {inverted}"
        options = [o.get_attribute("value") for o in Select(q("#calc-model")).options]
        assert options == [m["id"] for m in models] + ["__custom"], options
        default = next(m["id"] for m in models if m["default"])
        assert Select(q("#calc-model")).first_selected_option.get_attribute("value") == default, "not the served default model"
        assert q("#calc-formula").text == "score = " + next(m["formula"] for m in models if m["default"])

    def card(cid):
        return q(f"#comparison-list article[data-id='{cid}']")

    def table_rows(c):
        rows = []
        for tr in c.find_elements(By.CSS_SELECTOR, "table.compare-table tbody tr"):
            rows.append((tr.find_element(By.CSS_SELECTOR, "th").text.strip().lower(), tr.get_attribute("data-advantage")))
        return rows

    def market(c):
        """A card's market structure, verdict and HHI."""
        field = lambda name: c.find_element(By.CSS_SELECTOR, f"[data-field='{name}']")  # noqa: E731
        return field("structure").text, field("verdict").text, float(field("hhi").get_attribute("data-value"))

    def tally(c):
        return [int(td.get_attribute("data-count")) for td in c.find_elements(By.CSS_SELECTOR, "table.compare-table tfoot td")]

    @check("comparison MoE vs Dense: duopoly, undecided, HHI 5200, table of 7 rows, tally 5/2")
    def _():
        c = card("moe-vs-dense")
        assert market(c) == ("duopoly", "undecided", 5200), market(c)
        shares = {b.get_attribute("data-share") for b in c.find_elements(By.CSS_SELECTOR, ".bars .bar-row")}
        assert {float(x) for x in shares} >= {0.6, 0.4}, shares
        rows = table_rows(c)
        assert len(rows) == 7, rows
        advantaged = [adv for _, adv in rows]
        heads = [th.text.strip().lower() for th in c.find_elements(By.CSS_SELECTOR, "table.compare-table thead th")]
        assert "moe" in heads[1] and "dense" in heads[2], heads
        # Per row: MoE except training stability and training complexity (docs/model.md#tables).
        dense_rows = [name for name, adv in rows if adv not in (None, "none") and "dense" in adv.lower()]
        assert sorted(dense_rows) == ["training complexity", "training stability"], rows
        assert sum(1 for a in advantaged if a and a != "none") == 7, rows
        assert tally(c) == [5, 2, 0], tally(c)
        assert len(c.find_elements(By.CSS_SELECTOR, "td.adv")) == 7
        assert "0.685" in c.text and "0.68" in c.text, "erratum 0.685 → 0.68 not shown on the card"

    @check("comparison long context vs RAG: duopoly, undecided, HHI 5000, table of 6 rows, tally 3/2/1")
    def _():
        c = card("long-context-vs-rag")
        assert market(c) == ("duopoly", "undecided", 5000), market(c)
        rows = table_rows(c)
        assert len(rows) == 6, rows
        assert [name for name, adv in rows if adv == "none"] == ["use case"], rows
        rag_rows = sorted(name for name, adv in rows if adv and "rag" in adv.lower())
        assert rag_rows == ["cost", "real-time updates"], rows
        assert tally(c) == [3, 2, 1], tally(c)

    @check("comparisons: every technology with two or more approaches has a card")
    def _():
        ids = {a.get_attribute("data-id") for a in qa("#comparison-list article")}
        # The catalog (docs/model.md#catalog): attention, decoder-only, moe, long-context,
        # reasoning, multimodal, edge, code.
        wanted = {"attention", "decoder-only", "moe-vs-dense", "long-context-vs-rag", "reasoning", "multimodal", "edge-vs-cloud", "code-vs-general"}
        assert wanted <= ids, f"missing {sorted(wanted - ids)}"
        errors = [e.text for e in qa("#comparison-list .error")]
        assert not errors, errors
        d = card("decoder-only")  # 0.90 → monopoly, decided (docs/model.md#verdict)
        assert d.find_element(By.CSS_SELECTOR, "[data-field='structure']").text == "monopoly"
        assert d.find_element(By.CSS_SELECTOR, "[data-field='verdict']").text == "decided"

    def set_number(el, value):
        el.send_keys(Keys.CONTROL, "a")
        el.send_keys(Keys.BACKSPACE)
        el.send_keys(str(value))

    def calc_settled(expect_state="ok"):
        # The result settles when no debounce or request is pending.
        wait.until(lambda d: d.execute_script(
            "const r = document.getElementById('calc-result');"
            "return r.getAttribute('aria-busy') === 'false' && r.dataset.state === arguments[0]", expect_state))

    def calc_values(values, model="extended"):
        Select(q("#calc-model")).select_by_value(model)
        for ind, v in values.items():
            box = q(f"#ind-{ind}-isrange")
            if box.is_selected() and not isinstance(v, tuple):
                box.click()
            if isinstance(v, tuple):
                if not box.is_selected():
                    box.click()
                set_number(q(f"#ind-{ind}"), v[0])
                set_number(q(f"#ind-{ind}-hi"), v[1])
            else:
                set_number(q(f"#ind-{ind}"), v)
        time.sleep(0.4)  # past the 250 ms debounce, so the wait below sees the new request
        calc_settled()

    @check("calculator: 0.68 / L2 for adoption 0.6, standardization 0.7, controversy 0.3, maturity 0.75 under extended")
    def _():
        options = [o.get_attribute("value") for o in Select(q("#calc-model")).options]
        for m in ("formal", "extended", "l3-worked", "attention-worked", "adamw-worked"):
            assert m in options, f"model {m} not offered: {options}"
        calc_values({"adoption": 0.6, "standardization": 0.7, "controversy": 0.3, "maturity": 0.75})
        r = q("#calc-result")
        assert r.find_element(By.CSS_SELECTOR, "[data-field='score']").text == "0.68", r.text
        assert r.find_element(By.CSS_SELECTOR, ".score-line [data-field='level']").text == "L2", r.text
        contributions = {t.get_attribute("data-indicator"): float(t.get_attribute("data-contribution"))
                         for t in r.find_elements(By.CSS_SELECTOR, ".term")}
        # 0.3·0.6, 0.3·0.7, 0.2·(1 − 0.3), 0.2·0.75
        for ind, c in {"adoption": 0.18, "standardization": 0.21, "controversy": 0.14, "maturity": 0.15}.items():
            assert close(contributions.get(ind, -1), c, 1e-6), f"{ind}: {contributions}"
        # Margins: 0.68 − 0.60 and 0.80 − 0.68; next level L3, previous L1; profile inside L2's.
        assert "0.08" in r.find_element(By.CSS_SELECTOR, "[data-field='margins']").text
        assert "0.12" in r.find_element(By.CSS_SELECTOR, "[data-field='margins']").text
        assert "L3" in r.find_element(By.CSS_SELECTOR, "[data-field='to-next']").text
        assert "L1" in r.find_element(By.CSS_SELECTOR, "[data-field='to-previous']").text
        assert r.find_element(By.CSS_SELECTOR, "[data-field='profile-consistent']").text == "consistent"

    @check("calculator: the formal model gives 0.66 for (0.6, 0.7, 0.3) (docs/model.md#rounding)")
    def _():
        calc_values({"adoption": 0.6, "standardization": 0.7, "controversy": 0.3}, model="formal")
        r = q("#calc-result")
        assert r.find_element(By.CSS_SELECTOR, "[data-field='score']").text == "0.66", r.text
        assert q("#ind-maturity").get_attribute("disabled") is not None, "maturity should be off under formal"

    @check("calculator: a range (adoption 0.5–0.7) gives a score interval 0.65–0.71 in L2")
    def _():
        calc_values({"adoption": (0.5, 0.7), "standardization": 0.7, "controversy": 0.3, "maturity": 0.75})
        r = q("#calc-result")
        text = r.find_element(By.CSS_SELECTOR, "[data-field='score']").text
        lo, hi = [num_text(x) for x in text.split("–")]
        assert close(lo, 0.65, 1e-9) and close(hi, 0.71, 1e-9), text
        assert [b.text for b in r.find_elements(By.CSS_SELECTOR, ".levels-touched [data-field='level']")] == ["L2"], r.text
        q("#ind-adoption-isrange").click()

    @check("calculator: custom weights 0.5/0.3/0.2 give 0.65 for (0.6, 0.7, 0.3)")
    def _():
        Select(q("#calc-model")).select_by_value("__custom")
        for ind, w in {"adoption": 0.5, "standardization": 0.3, "controversy": 0.2, "maturity": "", "completeness": ""}.items():
            set_number(q(f"#w-{ind}"), w)
        calc_values({"adoption": 0.6, "standardization": 0.7, "controversy": 0.3}, model="__custom")
        r = q("#calc-result")
        assert r.find_element(By.CSS_SELECTOR, "[data-field='score']").text == "0.65", r.text
        Select(q("#calc-model")).select_by_value("extended")

    @check("calculator: starting from edge-vs-cloud fills its indicators and model: 0.37, L1")
    def _():
        Select(q("#calc-preset")).select_by_value("edge-vs-cloud")
        time.sleep(0.4)
        calc_settled()
        assert Select(q("#calc-model")).first_selected_option.get_attribute("value") == "extended"
        assert [q(f"#ind-{i}").get_attribute("value") for i in ("adoption", "standardization", "controversy", "maturity")] == ["0.4", "0.3", "0.7", "0.5"]
        r = q("#calc-result")
        assert r.find_element(By.CSS_SELECTOR, "[data-field='score']").text == "0.37", r.text
        assert r.find_element(By.CSS_SELECTOR, ".score-line [data-field='level']").text == "L1", r.text
        # Back to the seed's example for the screenshot: MoE vs Dense, 0.68, L2.
        Select(q("#calc-preset")).select_by_value("moe-vs-dense")
        time.sleep(0.4)
        calc_settled()
        assert r.find_element(By.CSS_SELECTOR, "[data-field='score']").text == "0.68", r.text

    @check("errata table: every worked example claimed vs computed (docs/model.md#errata)")
    def _():
        rows = {tr.get_attribute("data-id"): tr for tr in qa("#errata-table tbody tr")}
        for tid, (claimed, computed) in ERRATA.items():
            assert tid in rows, f"no erratum row for {tid}: {sorted(rows)}"
            tr = rows[tid]
            assert close(num_text(tr.find_element(By.CSS_SELECTOR, "td.claimed").text), claimed), f"{tid} claimed {tr.text}"
            assert close(num_text(tr.find_element(By.CSS_SELECTOR, "td.computed").text), computed), f"{tid} computed {tr.text}"
        body = q("#errata-body").text
        assert "edge" in body.lower() and "L0" in body and "L1" in body, "level disagreement of edge-vs-cloud missing"

    @check("history: line charts for moe-vs-dense, reasoning and multimodal with the series' degrees")
    def _():
        charts = {f.get_attribute("data-id"): f for f in qa("#history-charts figure.history")}
        for tid, degrees in {"moe-vs-dense": [0.5, 0.6, 0.75], "reasoning": [0.2, 0.3, 0.5]}.items():
            assert tid in charts, f"no chart for {tid}: {sorted(charts)}"
            got = [float(p.get_attribute("data-degree")) for p in charts[tid].find_elements(By.CSS_SELECTOR, "g.history-point")]
            assert got == degrees, f"{tid}: {got}"
            assert charts[tid].find_elements(By.CSS_SELECTOR, "polyline.history-line")
        assert "multimodal" in charts, sorted(charts)

    @check("controls are labelled")
    def _():
        unlabelled = driver.execute_script(
            "return [...document.querySelectorAll('input, select, button, textarea')].filter(el => {"
            " if (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')) return false;"
            " if (el.tagName === 'BUTTON') return !el.textContent.trim();"
            " return !(el.labels && el.labels.length); }).map(el => el.id || el.outerHTML.slice(0, 80))")
        assert not unlabelled, unlabelled

    @check("keyboard only: Tab reaches the erratum mark, the tables and the calculator")
    def _():
        driver.execute_script("window.scrollTo(0, 0); document.querySelector('.skip-link').focus()")
        seen = []
        for _ in range(200):
            el = driver.switch_to.active_element
            seen.append(el.get_attribute("id") or el.get_attribute("data-erratum-link") or el.tag_name)
            if seen[-1] == "ind-adoption":
                break
            el.send_keys(Keys.TAB)
        for wanted in ("edge-vs-cloud", "calc-model", "calc-preset", "ind-adoption-slider", "ind-adoption"):
            assert wanted in seen, f"{wanted} not reached by Tab: {seen}"

    @check("polling: /technologies is re-checked (304) without a redraw, and the time is shown")
    def _():
        before = driver.execute_script("return [document.body.dataset.catalogVersion, document.getElementById('status-text').textContent]")
        assert "updated" in before[1].lower(), before
        wait.until(lambda d: d.execute_script("return document.getElementById('status-text').textContent") != before[1])
        after = driver.execute_script("return [document.body.dataset.catalogVersion, document.getElementById('status').dataset.state]")
        assert after == [before[0], "ok"], f"{before} → {after}"
        polls = driver.execute_script(
            "return performance.getEntriesByType('resource').filter(e => e.name.endsWith('/technologies'))"
            ".map(e => e.responseStatus ?? 0)")
        assert len(polls) >= 2, polls
        assert 304 in polls, f"no 304 among the polls: {polls}"

    @check("no errors in the browser console")
    def _():
        logs = driver.get_log("browser")
        bad = severe(logs)
        assert not bad, json.dumps(bad, ensure_ascii=False)[:2000]

    @check("desktop screenshot written")
    def _():
        driver.execute_script("window.scrollTo(0, 0)")
        size = full_page_png(driver, SCREENSHOT)
        print(f"      {SCREENSHOT} ({int(size['width'])}×{int(size['height'])} CSS px)")
        assert os.path.getsize(SCREENSHOT) > 10_000

    if RELOAD_DIR and SERVER_PID:
        def edit(relative, change):
            path = os.path.join(RELOAD_DIR, "config", relative)
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
            change(data)
            with open(path, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False, indent=2)

        def rename(entry):
            entry["name"] += " (reloaded)"

        def move_l2_l3_bound(data):
            # No catalog technology scores in (0.8, 0.85], so every computed level stays.
            for level in data["levels"]:
                if level["id"] == "L2":
                    level["interval"]["upper"] = 0.85
                if level["id"] == "L3":
                    level["interval"]["lower"] = 0.85

        def weigh_maturity_not_completeness(data):
            # adamw-worked is the only model weighing completeness: afterwards none does.
            for model in data["models"]:
                for term in model["terms"] if model["id"] == "adamw-worked" else []:
                    if term["indicator"] == "completeness":
                        term["indicator"] = "maturity"

        def give_maturity_not_completeness(entry):
            entry["indicators"]["maturity"] = entry["indicators"].pop("completeness")

        @check("reload (edit + SIGHUP) reaches the open page without a refresh: names, level bounds, indicators")
        def _():
            edit("catalog/moe-vs-dense.json", rename)
            edit("levels.json", move_l2_l3_bound)
            edit("models.json", weigh_maturity_not_completeness)
            edit("catalog/adamw.json", give_maturity_not_completeness)
            driver.execute_script("window.__notReloaded = true")  # gone if the page were refreshed
            version = driver.execute_script("return document.body.dataset.catalogVersion")
            os.kill(int(SERVER_PID), signal.SIGHUP)
            WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.body.dataset.catalogVersion") != version)
            name = q("#scale svg g.tech[data-id='moe-vs-dense'] text.tech-name").text
            assert name.endswith("(reloaded)"), name
            assert driver.execute_script("return window.__notReloaded === true"), "the page was reloaded"
            assert q("#comparison-list article[data-id='moe-vs-dense'] h3").text.endswith("(reloaded)")
            # The bound the service now serves, in the legend and on the scale.
            legend = legend_intervals()
            assert legend["L2"] == "(0.6, 0.85]" and legend["L3"] == "(0.85, 0.95]", legend
            bands = band_edges()
            x0, unit = bands["L0"][0], bands["L4"][1] - bands["L0"][0]
            assert abs(bands["L2"][1] - (x0 + 0.85 * unit)) < 1.5 and abs(bands["L3"][0] - (x0 + 0.85 * unit)) < 1.5, bands
            # No model weighs completeness any more: the calculator offers no field for it.
            assert not qa("#ind-completeness") and not qa("#w-completeness"), "completeness is still offered"
            assert qa("#ind-maturity"), "maturity is not offered"
            Select(q("#calc-model")).select_by_value("adamw-worked")
            assert "maturity" in q("#calc-formula").text and "completeness" not in q("#calc-formula").text, q("#calc-formula").text
            Select(q("#calc-model")).select_by_value("extended")
            time.sleep(0.4)
            calc_settled()
    else:
        print("SKIP  catalog reload: the server was not started by scripts/browser-test.sh (no RELOAD_DIR/SERVER_PID)")

    # Failures the user must see (these make the browser log the failed request; expected here).
    @check("calculator: an out-of-range value shows the service's 422 detail to the user")
    def _():
        set_number(q("#ind-adoption"), "1.5")
        time.sleep(0.4)
        calc_settled("error")
        err = q("#calc-result .error")
        assert err.is_displayed() and "adoption" in err.text.lower(), err.text
        set_number(q("#ind-adoption"), "0.6")
        time.sleep(0.4)
        calc_settled()
        bad = severe(driver.get_log("browser"), allowed=("status of 422",))
        assert not bad, bad

    @check("service unreachable is shown, and recovery too")
    def _():
        driver.execute_cdp_cmd("Network.enable", {})
        conditions = {"latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
        driver.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": True, **conditions})
        try:
            WebDriverWait(driver, 15).until(lambda d: d.execute_script("return document.getElementById('status').dataset.state") == "error")
            text = q("#status-text").text
            assert "unreachable" in text.lower(), text
        finally:
            driver.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": False, **conditions})
        WebDriverWait(driver, 15).until(lambda d: d.execute_script("return document.getElementById('status').dataset.state") == "ok")
        driver.get_log("browser")  # the offline fetches were logged; expected

    @check("a problem answer (RFC 9457) is shown with its title and detail, in the status and every section")
    def _():
        # The page's request for /levels is sent to /levels/L9 instead, which the service answers
        # with a 404 problem (application/problem+json).
        status, headers, body = http("/levels/L9")
        assert status == 404 and headers.get("Content-Type", "").startswith("application/problem+json"), (status, headers)
        problem = json.loads(body)
        script = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source":
            "const realFetch = window.fetch;"
            "window.fetch = (input, init) => realFetch(input === 'levels' ? 'levels/L9' : input, init);"})
        try:
            driver.get(BASE_URL + "/")
            WebDriverWait(driver, 15).until(lambda d: d.execute_script("return document.getElementById('status').dataset.state") == "error")
            text = q("#status-text").text
            assert problem["title"] in text and problem["detail"] in text, text
            assert "unreachable" not in text.lower(), text
            for section in ("scale", "comparison-list", "history-charts", "errata-body", "calc-result"):
                box = q(f"#{section} .error")
                assert box.is_displayed() and problem["title"] in box.text and problem["detail"] in box.text, (section, box.text)
        finally:
            driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]})
            driver.get_log("browser")  # the 404 was logged; expected

    @check("phone width (390 px): no horizontal overflow, screenshot written")
    def _():
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True})
        driver.get(BASE_URL + "/")
        wait.until(lambda d: d.execute_script(
            "return document.body.dataset.catalogVersion !== undefined && document.getElementById('errata-body').dataset.ready === 'true'"
            " && document.getElementById('calc-result').dataset.state === 'ok'"))
        overflow = driver.execute_script(
            "const w = document.documentElement.clientWidth;"
            "return [document.documentElement.scrollWidth, w, [...document.querySelectorAll('body *')]"
            ".filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > w + 1 && !e.closest('.table-wrap') && !e.closest('.sr-only'); })"
            ".slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))]")
        assert overflow[0] <= overflow[1] + 1 and not overflow[2], f"page {overflow[0]} px wide in a {overflow[1]} px viewport: {overflow[2]}"
        marks = qa("#scale svg g.tech")
        assert len(marks) == 12, len(marks)
        full_page_png(driver, SCREENSHOT_PHONE)
        print(f"      {SCREENSHOT_PHONE}")
        bad = severe(driver.get_log("browser"))
        assert not bad, bad


if __name__ == "__main__":
    sys.exit(main())
