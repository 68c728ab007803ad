// Entry point: loads the levels (GET /levels), the models (GET /models) and the catalog
// (GET /technologies), renders every section from them, and polls all three with If-None-Match
// so a reload of the service's data shows up without a page refresh.

import { getJSON, getIfChanged, ApiError } from './api.js';
import { h, replace, errorBox, debounce } from './dom.js';
import { Levels } from './levels.js';
import { indicatorsOf } from './indicators.js';
import { renderScale, renderErratumCallout } from './scale.js';
import { renderErrata } from './errata.js';
import { renderComparison } from './comparisons.js';
import { renderHistoryChart, historyPoints } from './history.js';
import { Calculator } from './calculator.js';

const POLL_MS = 5000;
// What every section is drawn from; each is an array (openapi/openapi.json).
const SOURCES = ['/levels', '/models', '/technologies'];
// The sections drawn from them, each with its "Loading…" placeholder until it is ready.
const SECTIONS = ['scale', 'comparison-list', 'history-charts', 'errata-body', 'calc-result'];

document.documentElement.dataset.booted = 'true';

const $ = (id) => document.getElementById(id);

const store = {
  data: {},   // path → the parsed body of the last 200
  texts: {},  // path → its text, so an unchanged body after a new ETag redraws nothing
  etags: {},
  levels: null,
  technologies: [],
  errata: null,
  version: 0,
  lastOk: null,
  lastChange: null,
  failingSince: null,
};

const calculator = new Calculator($('calc-form'), $('calc-result'));

function time(date) {
  return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

function setStatus(state, message) {
  $('status').dataset.state = state;
  $('status-text').textContent = message;
}

function renderScaleNow() {
  if (!store.levels) return;
  renderScale($('scale'), $('scale-legend'), $('catalog-table-wrap'), {
    levels: store.levels,
    technologies: store.technologies,
    onShowErratum: (id) => renderErratumCallout($('erratum-callout'), id, store.technologies, store.errata),
  });
}

async function loadErrata() {
  try {
    store.errata = await getJSON('/errata');
    renderErrata($('errata-body'), store.errata, store.technologies, store.levels);
  } catch (err) {
    store.errata = null;
    replace($('errata-body'), errorBox(err, 'the errata'));
  }
}

async function loadComparisons() {
  const list = $('comparison-list');
  let summaries;
  try {
    summaries = await getJSON('/compare');
  } catch (err) {
    replace(list, errorBox(err, 'the comparisons'));
    return;
  }
  const cards = await Promise.all(summaries.map(async (summary) => {
    try {
      return renderComparison(await getJSON(`/compare/${encodeURIComponent(summary.id)}`), store.levels);
    } catch (err) {
      return h('article', { class: 'card comparison', 'data-id': summary.id }, h('h3', null, summary.title),
        errorBox(err, `the comparison ${summary.id}`));
    }
  }));
  // The comparisons with a side-by-side table first, then the rest in catalog order.
  cards.sort((a, b) => Number(Boolean(b.querySelector('table'))) - Number(Boolean(a.querySelector('table'))));
  replace(list, cards.length ? cards : h('p', { class: 'muted' }, 'The catalog offers no comparison.'));
  list.dataset.ready = 'true';
}

async function loadDetails() {
  const box = $('history-charts');
  const results = await Promise.all(store.technologies.map(async (t) => {
    try {
      return { summary: t, detail: await getJSON(`/technologies/${encodeURIComponent(t.id)}`) };
    } catch (err) {
      return { summary: t, error: err };
    }
  }));
  const details = results.filter((r) => r.detail).map((r) => r.detail);
  calculator.setPresets(details);
  const width = Math.min(560, Math.max(260, (box.clientWidth || 600) - 32));
  const charts = details.filter((d) => historyPoints(d).length).map((d) => renderHistoryChart(d, store.levels, width));
  const failures = results.filter((r) => r.error).map((r) => errorBox(r.error, r.summary.name));
  replace(box, ...failures, ...(charts.length ? charts : [h('p', { class: 'muted' }, 'No catalog technology has a dated history.')]));
  box.dataset.ready = 'true';
}

// Levels, models or catalog changed: everything is drawn again from what is now served.
async function onChange() {
  store.levels = new Levels(store.data['/levels']);
  store.technologies = store.data['/technologies'];
  store.version += 1;
  const models = store.data['/models'];
  calculator.setReference(store.levels, models, indicatorsOf(models));
  renderScaleNow();
  await Promise.all([loadErrata(), loadComparisons(), loadDetails()]);
  renderScaleNow(); // again, now with the errata the marks link to
  document.body.dataset.catalogVersion = String(store.version);
}

// One conditional GET per source; true when a body differs from the one drawn.
async function fetchSources() {
  const results = await Promise.all(SOURCES.map((path) => getIfChanged(path, store.etags[path])));
  let changed = false;
  results.forEach((result, i) => {
    const path = SOURCES[i];
    if (!result.changed) return;
    store.etags[path] = result.etag;
    if (result.text === store.texts[path]) return;
    if (!Array.isArray(result.data)) throw new ApiError(`${path}: the service sent no list`, { path });
    store.texts[path] = result.text;
    store.data[path] = result.data;
    changed = true;
  });
  return changed;
}

async function poll() {
  try {
    const now = new Date();
    if (await fetchSources()) {
      store.lastChange = now;
      await onChange();
    }
    store.lastOk = now;
    store.failingSince = null;
    setStatus('ok', `Live · checked ${time(now)} · data updated ${time(store.lastChange ?? now)}`);
  } catch (err) {
    store.failingSince = store.failingSince ?? new Date();
    const unreachable = err.network || err.status >= 500;
    const last = store.lastOk ? ` Last update ${time(store.lastOk)}.` : '';
    setStatus('error', `${unreachable ? 'Service unreachable' : 'Request failed'} since ${time(store.failingSince)}: ${err.message}.${last} Retrying every ${POLL_MS / 1000} s.`);
    if (!store.levels) {
      // Nothing drawn yet: every section says why it is empty.
      for (const id of SECTIONS) {
        replace($(id), errorBox(err, 'the levels, models and catalog'));
        $(id).dataset.state = 'error';
      }
    }
  } finally {
    setTimeout(poll, POLL_MS);
  }
}

let lastWidth = 0;
window.addEventListener('resize', debounce(() => {
  const width = $('scale').clientWidth;
  if (width !== lastWidth) {
    lastWidth = width;
    renderScaleNow();
  }
}, 150));

// Errors nobody caught still reach the user, not only the console.
window.addEventListener('unhandledrejection', (event) => {
  setStatus('error', `Unexpected error: ${event.reason && event.reason.message ? event.reason.message : event.reason}`);
});

poll();
