// One card per comparison (GET /compare/{id}): shares as bars, market structure and verdict, HHI,
// and the comparison table with the advantage marked per row and the tally.

import { h, s } from './dom.js';
import { asList, first, fmt, levelId, num, pct, text, LEVEL_IDS } from './shape.js';
import { erratumSummary } from './errata.js';

function approachKey(a, i) {
  return text(first(a, 'id', 'name') ?? `approach-${i}`);
}

function approachName(a, i) {
  return text(first(a, 'name', 'title', 'id') ?? `approach ${i + 1}`);
}

// Finds the approach a value (id, name, or index) refers to; null for "none", a tie or no advantage.
function matchApproach(approaches, ref) {
  if (ref === null || ref === undefined) return -1;
  if (typeof ref === 'number') return ref < approaches.length ? ref : -1;
  const key = text(ref).toLowerCase();
  if (['', 'none', 'tie', 'neither', 'null', 'draw', 'even'].includes(key)) return -1;
  return approaches.findIndex((a, i) => approachKey(a, i).toLowerCase() === key || approachName(a, i).toLowerCase() === key
    || text(a.id ?? '').toLowerCase() === key);
}

function hhiClass(hhi) {
  if (hhi === null) return '';
  if (hhi > 1800) return 'highly concentrated';
  if (hhi >= 1000) return 'moderately concentrated';
  return 'unconcentrated';
}

function shareBars(approaches) {
  const rows = approaches.map((a, i) => ({ name: approachName(a, i), share: num(first(a, 'share', 'adoption')) ?? 0, key: approachKey(a, i) }));
  const total = rows.reduce((sum, r) => sum + r.share, 0);
  if (total < 1 - 1e-9) rows.push({ name: 'other', share: 1 - total, key: 'other', other: true });
  return h('div', { class: 'bars', role: 'list', 'aria-label': 'Adoption shares' }, rows.map((r) => h('div', { class: ['bar-row', r.other && 'bar-other'], role: 'listitem', 'data-approach': r.key, 'data-share': r.share },
    h('span', { class: 'bar-name' }, r.name),
    s('svg', { class: 'bar', width: '100%', height: 14, 'aria-hidden': 'true', focusable: 'false' },
      s('rect', { class: 'bar-track', x: 0, y: 0, width: '100%', height: 14, rx: 3 }),
      s('rect', { class: 'bar-fill', x: 0, y: 0, width: `${Math.max(0, Math.min(1, r.share)) * 100}%`, height: 14, rx: 3 })),
    h('span', { class: 'bar-value num' }, pct(r.share)))));
}

function marketList(market, approaches) {
  const leaderIdx = matchApproach(approaches, first(market, 'leader'));
  const leader = leaderIdx >= 0 ? approachName(approaches[leaderIdx], leaderIdx) : text(first(market, 'leader') ?? '—');
  const winnerRef = first(market, 'winner');
  const winnerIdx = matchApproach(approaches, winnerRef);
  const winner = winnerIdx >= 0 ? approachName(approaches[winnerIdx], winnerIdx) : (winnerRef ? text(winnerRef) : null);
  const verdict = text(first(market, 'verdict') ?? '—');
  const structure = text(first(market, 'structure', 'marketStructure') ?? '—');
  const hhi = num(first(market, 'hhi', 'HHI'));
  return h('dl', { class: 'market' },
    h('div', null, h('dt', null, 'Structure'), h('dd', null, h('span', { class: `tag structure structure-${structure}`, 'data-field': 'structure' }, structure))),
    h('div', null, h('dt', null, 'Verdict'), h('dd', null, h('span', { class: `tag verdict verdict-${verdict}`, 'data-field': 'verdict' }, verdict),
      winner ? h('span', { 'data-field': 'winner' }, ` — ${winner} wins`) : null)),
    h('div', null, h('dt', null, 'Leader'), h('dd', null, `${leader} ${pct(first(market, 'leaderShare'))}`)),
    h('div', null, h('dt', null, 'Gap'), h('dd', { class: 'num' }, fmt(first(market, 'gap')))),
    h('div', null, h('dt', null, 'CR2'), h('dd', { class: 'num' }, fmt(first(market, 'cr2', 'CR2')))),
    h('div', null, h('dt', null, h('abbr', { title: 'Herfindahl–Hirschman index' }, 'HHI')), h('dd', { 'data-field': 'hhi', 'data-value': hhi ?? '' },
      h('span', { class: 'num' }, hhi === null ? '—' : String(Math.round(hhi))), hhi === null ? null : h('span', { class: 'muted' }, ` ${hhiClass(hhi)}`))));
}

function valueOf(row, approaches, i) {
  const values = first(row, 'values', 'cells');
  if (Array.isArray(values)) return values[i];
  if (values && typeof values === 'object') {
    const a = approaches[i];
    return values[approachKey(a, i)] ?? values[approachName(a, i)] ?? values[a.id];
  }
  return undefined;
}

function tallyCount(tally, approaches, index) {
  if (!tally) return null;
  // {"approaches": [{"approach": "moe", "advantages": 5}, …], "none": 0}, or a plain list, or a map.
  const list = Array.isArray(tally) ? tally : Array.isArray(tally.approaches) ? tally.approaches : null;
  if (index === -1 && !Array.isArray(tally) && num(first(tally, 'none', 'without', 'neither', 'tie')) !== null) {
    return num(first(tally, 'none', 'without', 'neither', 'tie'));
  }
  if (list) {
    for (const item of list) {
      if (typeof item === 'number') continue;
      const ref = first(item, 'approach', 'id', 'name');
      const count = num(first(item, 'advantages', 'count', 'wins', 'value'));
      if (index === -1 ? matchApproach(approaches, ref) === -1 : matchApproach(approaches, ref) === index) return count;
    }
    if (index >= 0 && typeof list[index] === 'number') return list[index];
    return null;
  }
  if (typeof tally === 'object') {
    for (const [k, v] of Object.entries(tally)) {
      if (index >= 0 && matchApproach(approaches, k) === index) return num(v);
    }
  }
  return null;
}

// The approaches a table's value columns stand for: its own list when it has one.
function tableApproaches(table, approaches) {
  const own = first(table, 'approaches');
  if (Array.isArray(own) && own.length) {
    return own.map((a) => (typeof a === 'string' ? approaches.find((x) => x.id === a) ?? { id: a, name: a } : a));
  }
  return approaches;
}

function comparisonTable(table, allApproaches, id) {
  const approaches = tableApproaches(table, allApproaches);
  const rows = asList(first(table, 'rows') ?? table, 'rows');
  const tally = first(table, 'tally', 'tallies');
  const names = approaches.map(approachName);
  const noneCount = tallyCount(tally, approaches, -1) ?? rows.filter((r) => matchApproach(approaches, first(r, 'advantage')) === -1).length;
  return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': `${names.join(' vs ')} table` }, h('table', { class: 'data compare-table', 'data-id': id },
    h('caption', null, text(first(table, 'title') ?? `Side by side: ${names.join(' vs ')}`)),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Dimension'), names.map((n) => h('th', { scope: 'col' }, n)), h('th', { scope: 'col' }, 'Advantage'))),
    h('tbody', null, rows.map((r) => {
      const adv = matchApproach(approaches, first(r, 'advantage', 'winner', 'better'));
      return h('tr', { 'data-advantage': adv >= 0 ? approachKey(approaches[adv], adv) : 'none' },
        h('th', { scope: 'row' }, text(first(r, 'dimension', 'name', 'label') ?? '')),
        names.map((_, i) => h('td', { class: i === adv ? 'adv' : null },
          text(valueOf(r, approaches, i) ?? '—'),
          i === adv ? h('span', { class: 'adv-mark' }, h('span', { 'aria-hidden': 'true' }, ' ✓'), h('span', { class: 'sr-only' }, ' (advantage)')) : null)),
        h('td', { class: 'adv-name' }, adv >= 0 ? names[adv] : 'none'));
    })),
    h('tfoot', null, h('tr', { class: 'tally' },
      h('th', { scope: 'row' }, 'Tally', h('span', { class: 'narrow-only' }, ` (${noneCount} without)`)),
      names.map((n, i) => {
        const count = tallyCount(tally, approaches, i) ?? rows.filter((r) => matchApproach(approaches, first(r, 'advantage')) === i).length;
        return h('td', { class: 'num', 'data-approach': approachKey(approaches[i], i), 'data-count': count }, String(count));
      }),
      h('td', { class: 'num', 'data-approach': 'none', 'data-count': noneCount }, `${noneCount} without`)))));
}

// The seed's overview table (products, adoption, research): plain values, no advantage.
function overviewTable(table, allApproaches, id) {
  const approaches = tableApproaches(table, allApproaches);
  const rows = asList(first(table, 'rows') ?? [], 'rows');
  const columns = asList(first(table, 'columns') ?? []);
  // Its columns may go beyond the approaches (the seed's "2025 status"): show them all.
  const heads = columns.length >= approaches.length + 1 ? columns.map(text) : ['Dimension', ...approaches.map(approachName)];
  return h('details', { class: 'overview' },
    h('summary', null, text(first(table, 'title') ?? 'Overview')),
    h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Overview table' }, h('table', { class: 'data compact overview-table', 'data-id': id },
      h('thead', null, h('tr', null, heads.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', null, rows.map((r) => {
        const cells = asList(first(r, 'values') ?? []);
        return h('tr', null, h('th', { scope: 'row' }, text(first(r, 'dimension', 'name') ?? '')),
          heads.slice(1).map((_, i) => h('td', null, text(cells[i] ?? ''))));
      })))));
}

export function renderComparison(detail, summary) {
  const id = detail.id ?? summary.id;
  const approaches = asList(first(detail, 'approaches') ?? [], 'approaches');
  const market = first(detail, 'market', 'analysis') ?? {};
  const table = first(detail, 'table', 'comparisonTable');
  const overview = first(detail, 'overview');
  const level = levelId(first(detail, 'level', 'computedLevel'));
  const score = first(detail, 'score', 'degree');
  const erratum = first(detail, 'erratum', 'errata');
  const title = text(first(detail, 'title', 'name') ?? summary.title ?? id);
  const products = approaches.filter((a) => asList(first(a, 'products', 'representativeProducts', 'representatives') ?? []).length);
  return h('article', { class: 'card comparison', id: `compare-${id}`, 'data-id': id, 'aria-labelledby': `compare-${id}-h` },
    h('header', { class: 'card-head' },
      h('h3', { id: `compare-${id}-h` }, title),
      score !== undefined ? h('span', { class: `badge ${LEVEL_IDS.includes(level) ? `lvl-${level}` : ''}`, 'data-field': 'level' }, `${fmt(score)} · ${level ?? '—'}`) : null),
    shareBars(approaches),
    marketList(market, approaches),
    products.length ? h('p', { class: 'small products' }, products.map((a, i) => [i ? ' · ' : '', h('strong', null, approachName(a, approaches.indexOf(a))), ': ',
      text(asList(first(a, 'products', 'representativeProducts', 'representatives')))])) : null,
    table && asList(first(table, 'rows') ?? table, 'rows').length ? comparisonTable(table, approaches, id) : null,
    overview && asList(first(overview, 'rows') ?? [], 'rows').length ? overviewTable(overview, approaches, id) : null,
    erratum && (Array.isArray(erratum) ? erratum.length : true)
      ? h('p', { class: 'erratum-note small' }, h('strong', null, 'Erratum: '), (Array.isArray(erratum) ? erratum : [erratum]).map(erratumSummary).join(' '))
      : null);
}
