// Entry point: loads levels, models and the catalog, renders every section, and polls
// /technologies with If-None-Match so a catalog reload shows up without a page refresh.

import { getJSON, getIfChanged } from './api.js';
import { h, replace, errorBox, debounce } from './dom.js';
import { asList, techName } from './shape.js';
import { renderScale, renderErratumCallout } from './scale.js';
import { renderErrata } from './errata.js';
import { renderComparison } from './comparisons.js';
import { renderHistoryChart, historyPoints } from './history.js';
import { Calculator } from './calculator.js';

const POLL_MS = 5000;

document.documentElement.dataset.booted = 'true';

const $ = (id) => document.getElementById(id);

const store = {
  levels: [],
  technologies: [],
  details: [],
  errata: null,
  etag: null,
  text: null,
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
  const node = $('status');
  node.dataset.state = state;
  $('status-text').textContent = message;
}

function renderScaleNow() {
  if (!store.technologies.length) return;
  renderScale($('scale'), $('scale-legend'), $('catalog-table-wrap'), {
    levels: store.levels,
    technologies: store.technologies,
    errata: store.errata,
    onShowErratum: (id) => renderErratumCallout($('erratum-callout'), id, store.technologies, store.errata),
  });
}

async function loadLevels() {
  try {
    store.levels = asList(await getJSON('/levels'), 'levels');
  } catch (err) {
    replace($('scale-legend'), errorBox(err, 'the levels'));
  }
}

async function loadModels() {
  try {
    calculator.setModels(await getJSON('/models'));
  } catch (err) {
    replace($('calc-result'), errorBox(err, 'the models'));
  }
}

async function loadErrata() {
  try {
    store.errata = await getJSON('/errata');
    renderErrata($('errata-body'), store.errata, store.technologies);
  } catch (err) {
    store.errata = null;
    replace($('errata-body'), errorBox(err, 'the errata'));
  }
}

async function loadComparisons() {
  const list = $('comparison-list');
  let summaries;
  try {
    summaries = asList(await getJSON('/compare'), 'comparisons');
  } catch (err) {
    replace(list, errorBox(err, 'the comparisons'));
    return;
  }
  const cards = await Promise.all(summaries.map(async (summary) => {
    try {
      return renderComparison(await getJSON(`/compare/${encodeURIComponent(summary.id)}`), summary);
    } catch (err) {
      return h('article', { class: 'card comparison', 'data-id': summary.id }, h('h3', null, summary.title ?? summary.id),
        errorBox(err, `the comparison ${summary.id}`));
    }
  }));
  // The seed's two tabled comparisons first, then the rest in catalog order.
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
  store.details = results.filter((r) => r.detail).map((r) => ({ ...r.summary, ...r.detail }));
  calculator.setPresets(store.details);
  const width = Math.min(560, Math.max(260, (box.clientWidth || 600) - 32));
  const charts = results.filter((r) => r.detail && historyPoints(r.detail).length)
    .map((r) => renderHistoryChart(r.detail, r.summary, store.levels, width));
  const failures = results.filter((r) => r.error).map((r) => errorBox(r.error, `${techName(r.summary)}`));
  replace(box, ...failures, ...(charts.length ? charts : [h('p', { class: 'muted' }, 'No catalog technology has a dated history.')]));
  box.dataset.ready = 'true';
}

async function onCatalog(data) {
  store.technologies = asList(data, 'technologies');
  store.version += 1;
  await Promise.all([loadLevels(), loadModels()]);
  renderScaleNow();
  await Promise.all([loadErrata(), loadComparisons(), loadDetails()]);
  renderScaleNow(); // again, now with the errata the marks link to
  document.body.dataset.catalogVersion = String(store.version);
}

async function poll() {
  try {
    const result = await getIfChanged('/technologies', store.etag);
    const now = new Date();
    if (result.changed && result.text !== store.text) {
      store.etag = result.etag;
      store.text = result.text;
      store.lastChange = now;
      await onCatalog(result.data);
    } else if (result.changed) {
      store.etag = result.etag;
    }
    store.lastOk = now;
    store.failingSince = null;
    setStatus('ok', `Live · checked ${time(now)} · catalog updated ${time(store.lastChange ?? now)}`);
  } catch (err) {
    store.failingSince = store.failingSince ?? new Date();
    const unreachable = err && (err.network || err.status >= 500);
    const last = store.lastOk ? ` Last update ${time(store.lastOk)}.` : '';
    setStatus('error', `${unreachable ? 'Service unreachable' : 'Catalog request failed'} since ${time(store.failingSince)}: ${err.message}.${last} Retrying every ${POLL_MS / 1000} s.`);
    if (!store.technologies.length) {
      // Nothing loaded yet: every section says why it is empty.
      replace($('scale'), errorBox(err, 'the catalog'));
      for (const id of ['comparison-list', 'history-charts', 'errata-body']) replace($(id), errorBox(err, 'the catalog'));
      if (!calculator.models.length) replace($('calc-result'), errorBox(err, 'the catalog and its models'));
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
