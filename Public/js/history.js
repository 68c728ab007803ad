// A small line chart of a technology's degree over time (Technology.history of
// GET /technologies/{id}), over the bands of the served levels.

import { h, s } from './dom.js';
import { fmt, signed, yearOf } from './format.js';

// The HistoryPoints in date order, each with its date as a fractional year.
export function historyPoints(detail) {
  return detail.history
    .map((p) => ({ ...p, year: yearOf(p.date) }))
    .filter((p) => p.year !== null)
    .sort((a, b) => a.year - b.year);
}

export function renderHistoryChart(detail, levels, width) {
  const points = historyPoints(detail);
  const W = Math.max(260, Math.min(560, width));
  const H = 200;
  const m = { l: 38, r: 14, t: 12, b: 34 };
  let minYear = Math.floor(points[0].year);
  let maxYear = Math.ceil(points[points.length - 1].year + 0.001);
  if (maxYear - minYear < 1) maxYear = minYear + 1;
  // A little room left of the first year so its point does not sit on the axis labels.
  const x = (year) => m.l + 8 + ((year - minYear) / (maxYear - minYear)) * (W - m.l - m.r - 8);
  const y = (degree) => H - m.b - Math.max(0, Math.min(1, degree)) * (H - m.t - m.b);
  const { name, trend } = detail;
  const forecast = points.some((p) => p.kind === 'forecast');
  const svg = s('svg', { class: 'history-svg', width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: 'img',
    'aria-label': `${name}: degree over time, ${points.map((p) => `${p.date} ${fmt(p.degree)}`).join(', ')}` });
  for (const { id, interval } of levels.list) {
    const bandH = Math.max(0, y(interval.lower) - y(interval.upper));
    svg.append(s('rect', { class: `hband ${levels.colourClass(id)}`, x: m.l, width: W - m.l - m.r, y: y(interval.upper), height: bandH }));
    // Thin bands get no label rather than one that overlaps its neighbour's.
    if (bandH >= 13) svg.append(s('text', { class: 'hband-label', x: W - m.r - 3, y: y(interval.upper) + Math.min(11, bandH - 2), 'text-anchor': 'end' }, id));
  }
  // The level bounds from the top; one closer than a label's height to the last gets no label.
  let lastY = -Infinity;
  for (const v of levels.bounds().reverse()) {
    if (y(v) - lastY < 12) continue;
    lastY = y(v);
    svg.append(s('text', { class: 'axis-text', x: m.l - 5, y: y(v) + 4, 'text-anchor': 'end' }, fmt(v)));
  }
  for (let yr = minYear; yr <= maxYear; yr += 1) {
    svg.append(s('line', { class: 'tick', x1: x(yr), x2: x(yr), y1: H - m.b, y2: H - m.b + 5 }),
      s('text', { class: 'axis-text', x: x(yr), y: H - m.b + 18, 'text-anchor': 'middle' }, String(yr)));
  }
  svg.append(s('line', { class: 'axis-line', x1: m.l, x2: W - m.r, y1: H - m.b, y2: H - m.b }),
    s('polyline', { class: 'history-line', points: points.map((p) => `${x(p.year)},${y(p.degree)}`).join(' ') }));
  for (const p of points) {
    svg.append(s('g', { class: ['history-point', p.kind === 'forecast' && 'forecast'], 'data-date': p.date, 'data-degree': p.degree },
      s('circle', { cx: x(p.year), cy: y(p.degree), r: 4 }),
      s('text', { class: 'point-label', x: x(p.year), y: y(p.degree) - 8, 'text-anchor': 'middle' }, fmt(p.degree)),
      s('title', null, `${p.date}: ${fmt(p.degree)} (${p.kind})${p.note ? ` — ${p.note}` : ''}`)));
  }
  return h('figure', { class: 'card history', 'data-id': detail.id, id: `history-${detail.id}` },
    h('figcaption', null, h('strong', null, name),
      trend ? [h('span', { class: `tag trend trend-${trend.direction}`, 'data-field': 'trend' }, trend.direction),
        h('span', { class: 'small muted' }, `${signed(Number(trend.slopePerYear.toFixed(3)))} per year`)] : null),
    svg,
    forecast ? h('p', { class: 'small muted' }, 'Hollow points are the source’s forecasts, not observations.') : null,
    h('div', { class: 'sr-only' }, h('table', { class: 'data compact' },
      h('caption', null, `${name} history`),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Date'), h('th', { scope: 'col' }, 'Degree'), h('th', { scope: 'col' }, 'Kind'))),
      h('tbody', null, points.map((p) => h('tr', null, h('td', null, p.date), h('td', { class: 'num' }, fmt(p.degree)), h('td', null, p.kind)))))));
}
