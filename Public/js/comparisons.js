// One card per comparison (a Comparison of GET /compare/{id}): shares as bars, market structure
// and verdict, HHI, and the comparison table with the advantage marked per row and the tally.

import { h, s } from './dom.js';
import { fmt, pct } from './format.js';
import { erratumSummary } from './errata.js';

// The HHI bands of the 2023 US merger guidelines (docs/model.md#market-structure).
function hhiClass(hhi) {
  if (hhi > 1800) return 'highly concentrated';
  if (hhi >= 1000) return 'moderately concentrated';
  return 'unconcentrated';
}

function shareBars(approaches, market) {
  const rows = approaches.filter((a) => a.share !== undefined).map((a) => ({ key: a.id, name: a.name, share: a.share }));
  if (market && market.other > 0) rows.push({ key: 'other', name: 'other', share: market.other, other: true });
  if (!rows.length) return null;
  return h('div', { class: 'bars', role: 'list', 'aria-label': 'Adoption shares' }, rows.map((r) => h('div', { class: ['bar-row', r.other && 'bar-other'], role: 'listitem', 'data-approach': r.key, 'data-share': r.share },
    h('span', { class: 'bar-name' }, r.name),
    s('svg', { class: 'bar', width: '100%', height: 14, 'aria-hidden': 'true', focusable: 'false' },
      s('rect', { class: 'bar-track', x: 0, y: 0, width: '100%', height: 14, rx: 3 }),
      s('rect', { class: 'bar-fill', x: 0, y: 0, width: `${Math.max(0, Math.min(1, r.share)) * 100}%`, height: 14, rx: 3 })),
    h('span', { class: 'bar-value num' }, pct(r.share)))));
}

// A Market: `leader` and `winner` are approach names (null for a tie or an undecided market).
function marketList(market) {
  if (!market) return h('p', { class: 'muted small' }, 'No market figures: the catalog gives no shares for these approaches.');
  return h('dl', { class: 'market' },
    h('div', null, h('dt', null, 'Structure'), h('dd', null, h('span', { class: `tag structure structure-${market.structure}`, 'data-field': 'structure' }, market.structure))),
    h('div', null, h('dt', null, 'Verdict'), h('dd', null, h('span', { class: `tag verdict verdict-${market.verdict}`, 'data-field': 'verdict' }, market.verdict),
      market.winner ? h('span', { 'data-field': 'winner' }, ` — ${market.winner} wins`) : null)),
    h('div', null, h('dt', null, 'Leader'), h('dd', null, market.leader === null ? `none (tie at ${pct(market.leaderShare)})` : `${market.leader} ${pct(market.leaderShare)}`)),
    h('div', null, h('dt', null, 'Gap'), h('dd', { class: 'num' }, fmt(market.gap))),
    h('div', null, h('dt', null, 'CR2'), h('dd', { class: 'num' }, fmt(market.cr2))),
    h('div', null, h('dt', null, h('abbr', { title: 'Herfindahl–Hirschman index' }, 'HHI')), h('dd', { 'data-field': 'hhi', 'data-value': market.hhi },
      h('span', { class: 'num' }, String(Math.round(market.hhi))), h('span', { class: 'muted' }, ` ${hhiClass(market.hhi)}`))));
}

// A Table of kind "comparison": one value per approach (`approaches`, in order), the advantage as
// an approach id or null, and the service's tally.
function comparisonTable(table, id) {
  const { approaches, tally } = table;
  const names = approaches.map((a) => a.name);
  const count = (approachId) => tally.approaches.find((t) => t.approach === approachId)?.advantages ?? 0;
  return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': `${names.join(' vs ')} table` }, h('table', { class: 'data compare-table', 'data-id': id },
    h('caption', null, table.title),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Dimension'), names.map((n) => h('th', { scope: 'col' }, n)), h('th', { scope: 'col' }, 'Advantage'))),
    h('tbody', null, table.rows.map((r) => {
      const adv = approaches.findIndex((a) => a.id === r.advantage);
      return h('tr', { 'data-advantage': r.advantage ?? 'none' },
        h('th', { scope: 'row' }, r.dimension),
        r.values.map((value, i) => h('td', { class: i === adv ? 'adv' : null },
          value,
          i === adv ? h('span', { class: 'adv-mark' }, h('span', { 'aria-hidden': 'true' }, ' ✓'), h('span', { class: 'sr-only' }, ' (advantage)')) : null)),
        h('td', { class: 'adv-name' }, adv >= 0 ? names[adv] : 'none'));
    })),
    h('tfoot', null, h('tr', { class: 'tally' },
      h('th', { scope: 'row' }, 'Tally', h('span', { class: 'narrow-only' }, ` (${tally.none} without)`)),
      approaches.map((a) => h('td', { class: 'num', 'data-approach': a.id, 'data-count': count(a.id) }, String(count(a.id)))),
      h('td', { class: 'num', 'data-approach': 'none', 'data-count': tally.none }, `${tally.none} without`)))));
}

// A Table of kind "overview": its own column headers, plain values, no advantage.
function overviewTable(table, id) {
  return h('details', { class: 'overview' },
    h('summary', null, table.title),
    h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Overview table' }, h('table', { class: 'data compact overview-table', 'data-id': id },
      h('thead', null, h('tr', null, table.columns.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', null, table.rows.map((r) => h('tr', null, h('th', { scope: 'row' }, r.dimension),
        r.values.map((v) => h('td', null, v))))))));
}

export function renderComparison(detail, levels) {
  const { id, approaches, market, table, overview, erratum } = detail;
  const products = approaches.filter((a) => a.products.length);
  return h('article', { class: 'card comparison', id: `compare-${id}`, 'data-id': id, 'aria-labelledby': `compare-${id}-h` },
    h('header', { class: 'card-head' },
      h('h3', { id: `compare-${id}-h` }, detail.title),
      levels.badge(detail.level.id, {}, `${fmt(detail.score)} · ${detail.level.id}`)),
    shareBars(approaches, market),
    marketList(market),
    products.length ? h('p', { class: 'small products' }, products.map((a, i) => [i ? ' · ' : '', h('strong', null, a.name), ': ', a.products.join(', ')])) : null,
    table && table.rows.length ? comparisonTable(table, id) : null,
    overview && overview.rows.length ? overviewTable(overview, id) : null,
    erratum && erratum.erroneous
      ? h('p', { class: 'erratum-note small' }, h('strong', null, 'Erratum: '), erratumSummary({ example: erratum }))
      : null);
}
