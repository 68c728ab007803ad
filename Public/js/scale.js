// The level scale: the levels of GET /levels as bands over [0, 1] at their served bounds, and
// every catalog technology (GET /technologies) placed at its computed score, one row each
// (several share a score, so one axis would overlap).

import { h, s, replace, labelCells } from './dom.js';
import { fmt, intervalText, pct } from './format.js';
import { erratumFor, erratumSummary } from './errata.js';

// A TechnologySummary's computed level differs from the level its source gives.
function isMismatch(t) {
  return t.sourceLevel !== t.level.id;
}

export function renderScale(container, legend, tableWrap, { levels, technologies, onShowErratum }) {
  const width = Math.max(300, Math.floor(container.clientWidth || 800));
  const narrow = width < 560;
  const nameCol = narrow ? 0 : Math.min(210, Math.floor(width * 0.3));
  const x0 = nameCol + 14;
  const x1 = width - 18;
  const x = (score) => x0 + Math.max(0, Math.min(1, score)) * (x1 - x0);
  const headerH = 30;
  const rowH = narrow ? 40 : 28;
  const rows = [...technologies].sort((a, b) => b.score - a.score);
  const plotTop = headerH;
  const plotBottom = plotTop + rows.length * rowH + 8;
  const height = plotBottom + 46;

  const svg = s('svg', {
    class: 'scale-svg', width, height, viewBox: `0 0 ${width} ${height}`, role: 'group',
    'aria-labelledby': 'scale-title scale-desc',
  },
  s('title', { id: 'scale-title' }, `Levels ${levels.span()} on the score axis with every catalog technology`),
  s('desc', { id: 'scale-desc' }, rows.map((t) => `${t.name} ${fmt(t.score)} ${t.level.id}`).join('; ')));

  // Bands with the level ids on top.
  for (const level of levels.list) {
    const { id, interval } = level;
    const bx = x(interval.lower);
    const bw = Math.max(1, x(interval.upper) - bx);
    svg.append(s('g', { class: `band ${levels.colourClass(id)}`, 'data-level': id, 'data-lower': interval.lower, 'data-upper': interval.upper },
      s('rect', { class: 'band-fill', x: bx, y: plotTop - 4, width: bw, height: plotBottom - plotTop + 4 }),
      s('rect', { class: 'band-head', x: bx, y: 4, width: bw, height: headerH - 10 }),
      s('text', { class: `band-label${bw < 26 ? ' band-label-small' : ''}`, x: bx + bw / 2, y: headerH - 11, 'text-anchor': 'middle' }, id),
      s('title', null, `${id} ${level.name} ${intervalText(interval)}`)));
  }

  // Axis with a tick at every bound; close ticks take turns on two label lines.
  const axis = s('g', { class: 'axis' },
    s('line', { x1: x0, x2: x1, y1: plotBottom, y2: plotBottom }));
  let lastX = -Infinity;
  let lastLine = 1;
  for (const t of levels.bounds()) {
    const tx = x(t);
    const line = tx - lastX < 34 && lastLine === 0 ? 1 : 0;
    axis.append(s('line', { x1: tx, x2: tx, y1: plotTop - 4, y2: plotBottom + 5, class: 'tick' }),
      s('text', { x: tx, y: plotBottom + 18 + line * 14, 'text-anchor': 'middle' }, fmt(t)));
    lastX = tx;
    lastLine = line;
  }
  axis.append(s('text', { class: 'axis-title', x: (x0 + x1) / 2, y: plotBottom + 44, 'text-anchor': 'middle' }, 'computed score'));
  svg.append(axis);

  // One row per technology.
  rows.forEach((t, i) => {
    const { id } = t.level;
    const src = t.sourceLevel;
    const mismatch = isMismatch(t);
    const rowTop = plotTop + i * rowH;
    const cy = rowTop + rowH - (narrow ? 11 : 13);
    const cx = x(t.score);
    const labelRight = cx < x0 + (x1 - x0) * 0.62;
    const { name } = t;
    const valueLabel = `${fmt(t.score)} ${id}${mismatch ? ` ≠ source ${src}` : ''}`;
    const g = s('g', {
      class: ['tech', levels.colourClass(id), mismatch && 'mismatch'],
      'data-id': t.id, 'data-score': t.score, 'data-level': id, 'data-source-level': src,
      'data-mismatch': String(mismatch),
    },
    mismatch ? s('rect', { class: 'tech-hit', x: 0, y: rowTop, width, height: rowH }) : null,
    s('line', { class: 'tech-guide', x1: x0, x2: cx, y1: cy, y2: cy }),
    narrow
      ? s('text', { class: 'tech-name', x: x0, y: cy - 11 }, name)
      : s('text', { class: 'tech-name', x: nameCol, y: cy + 4, 'text-anchor': 'end' }, name),
    mismatch ? s('circle', { class: 'mismatch-ring', cx, cy, r: 11 }) : null,
    s('circle', { class: 'tech-dot', cx, cy, r: 7 }),
    s('text', { class: 'tech-value', x: labelRight ? cx + (mismatch ? 16 : 12) : cx - (mismatch ? 16 : 12), y: cy + 4, 'text-anchor': labelRight ? 'start' : 'end' }, valueLabel),
    s('title', null, `${name}: computed ${fmt(t.score)} (${id}); source level ${src}`));
    if (mismatch) {
      // One click from the mark to the erratum: a real link (keyboard focusable) to the errata row,
      // which the page also opens in place next to the scale.
      const link = s('a', {
        href: `#erratum-${t.id}`, class: 'tech-link', 'data-erratum-link': t.id,
        'aria-label': `${name}: computed ${fmt(t.score)}, level ${id}, but the source says ${src}. Show the erratum.`,
      }, g);
      link.addEventListener('click', (event) => {
        event.preventDefault();
        onShowErratum(t.id);
      });
      svg.append(link);
    } else {
      svg.append(g);
    }
  });

  replace(container, svg);
  container.dataset.ready = 'true';

  replace(legend, h('ul', { class: 'legend-list' }, levels.list.map((l) => h('li', { class: levels.colourClass(l.id), 'data-level': l.id },
    h('span', { class: 'swatch', 'aria-hidden': 'true' }),
    h('strong', null, l.id), ' ', l.name, ' ',
    h('span', { class: 'interval', 'data-field': 'interval' }, intervalText(l.interval)),
    h('span', { class: 'muted' }, ` · nominal ${pct(l.nominalDegree)}`),
    h('span', { class: 'muted', lang: 'zh' }, ` · ${l.sourceName}`)))));

  const table = h('table', { class: 'data catalog-table', id: 'catalog-table' },
    h('caption', null, 'Catalog: computed score and level against the source'),
    h('thead', null, h('tr', null,
      ['Technology', 'Model', 'Score', 'Level', 'Source level', 'Claimed', 'Trend'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', null, rows.map((t) => {
      const mismatch = isMismatch(t);
      return h('tr', { id: `tech-${t.id}`, 'data-id': t.id, class: mismatch ? 'mismatch-row' : null },
        h('th', { scope: 'row' }, t.name),
        h('td', null, t.model),
        h('td', { class: 'num' }, fmt(t.score)),
        h('td', null, levels.badge(t.level.id)),
        h('td', null, t.sourceLevel,
          mismatch ? [' ', h('a', { href: `#erratum-${t.id}`, class: 'erratum-link', 'data-erratum-link': t.id,
            onclick: (event) => { event.preventDefault(); onShowErratum(t.id); } }, 'differs: erratum')] : null),
        h('td', { class: 'num' }, fmt(t.claimed)),
        h('td', null, t.trend ? t.trend.direction : '—'));
    })));
  replace(tableWrap, labelCells(table));
  tableWrap.setAttribute('tabindex', '0');
  tableWrap.setAttribute('role', 'region');
  tableWrap.setAttribute('aria-label', 'Catalog table');
}

// The erratum of one technology, opened in place under the scale.
export function renderErratumCallout(node, techId, technologies, errata) {
  const t = technologies.find((x) => x.id === techId);
  const entries = erratumFor(errata, techId);
  node.hidden = false;
  replace(node,
    h('h3', { id: 'erratum-callout-h', tabindex: '-1' }, `Erratum: ${t ? t.name : techId}`),
    t ? h('p', null, `Computed score ${fmt(t.score)} puts it in ${t.level.id}; the source gives ${t.sourceLevel}.`) : null,
    entries.length
      ? h('ul', null, entries.map((e) => h('li', null, erratumSummary(e))))
      : h('p', { class: 'muted' }, 'The errata list has no entry for it yet.'),
    h('p', null, h('a', { href: `#erratum-${techId}` }, 'See it in the errata table'), ' · ',
      h('button', { type: 'button', class: 'link-button', onclick: () => { node.hidden = true; } }, 'Close')));
  node.querySelector('h3').focus();
}
