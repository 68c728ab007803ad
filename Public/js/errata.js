// The errata (docs/model.md#errata): worked examples claimed vs computed, and level disagreements.
// The service computes them at run time; this only sorts its entries into tables.

import { h, replace, labelCells } from './dom.js';
import { first, fmt, levelId, signed, text, num } from './shape.js';

export function entryTech(e) {
  const t = first(e, 'technology', 'technologyId', 'id', 'example', 'subject');
  return t && typeof t === 'object' ? t.id : t;
}

function isExample(e) {
  return first(e, 'claimed', 'claimedDegree') !== undefined && first(e, 'computed', 'computedDegree', 'score') !== undefined;
}

const statedLevel = (e) => levelId(first(e, 'statedLevel', 'sourceLevel', 'claimedLevel'));
const thresholdLevel = (e) => levelId(first(e, 'thresholdLevel', 'computedLevel', 'level'));
const disagreementValue = (e) => first(e, 'value', 'score', 'computed', 'computedDegree');

function isDisagreement(e) {
  return Boolean(statedLevel(e)) && Boolean(thresholdLevel(e));
}

// Every entry of the errata document, whatever its grouping: an array of entries, or an object
// whose array-valued members are groups of entries.
// `documents` (the source documents and their references) is provenance, not a finding.
export function errataEntries(errata) {
  const all = [];
  const visit = (value) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      if (isExample(value) || isDisagreement(value) || first(value, 'detail', 'message', 'description', 'finding', 'text') !== undefined) {
        all.push(value);
      } else {
        Object.values(value).forEach((v) => { if (Array.isArray(v) || (v && typeof v === 'object')) visit(v); });
      }
    }
  };
  const findingsOnly = errata && typeof errata === 'object' && !Array.isArray(errata)
    ? Object.fromEntries(Object.entries(errata).filter(([key]) => key !== 'documents')) : errata;
  visit(findingsOnly);
  return {
    all,
    examples: all.filter(isExample),
    disagreements: all.filter((e) => isDisagreement(e) && statedLevel(e) !== thresholdLevel(e)),
    findings: all.filter((e) => !isExample(e) && !isDisagreement(e)),
  };
}

export function erratumFor(errata, techId, all = false) {
  if (!errata) return all ? [] : null;
  const found = errataEntries(errata).all.filter((e) => entryTech(e) === techId);
  return all ? found : found[0] ?? null;
}

export function erratumSummary(e) {
  const parts = [];
  if (isExample(e)) {
    const claimed = first(e, 'claimed', 'claimedDegree');
    const computed = first(e, 'computed', 'computedDegree', 'score');
    const diff = num(first(e, 'difference', 'delta')) ?? (num(computed) !== null && num(claimed) !== null ? num(computed) - num(claimed) : null);
    parts.push(`The source claims ${fmt(claimed)}; the service computes ${fmt(computed)} (difference ${signed(diff)}).`);
  }
  const note = first(e, 'detail', 'message', 'description', 'finding', 'text', 'note');
  if (isDisagreement(e) && statedLevel(e) !== thresholdLevel(e) && note === undefined) {
    const kind = first(e, 'kind');
    const what = kind === 'claimed-degree' ? 'The claimed degree' : kind === 'nominal-degree' ? 'The nominal degree' : 'The computed degree';
    parts.push(`${what} ${fmt(disagreementValue(e))} falls in ${thresholdLevel(e)} by the thresholds; the source says ${statedLevel(e)}.`);
  }
  // The service's own sentence, when it gives one, says it best.
  if (note !== undefined) parts.push(`${text(note).charAt(0).toUpperCase()}${text(note).slice(1)}${/[.!?]$/.test(text(note)) ? '' : '.'}`);
  return parts.join(' ');
}

export function renderErrata(node, errata, technologies) {
  const { examples, disagreements, findings } = errataEntries(errata);
  const names = new Map(technologies.map((t) => [t.id, t]));
  const techCell = (e) => {
    const id = entryTech(e);
    const t = names.get(id);
    return h('th', { scope: 'row' }, t ? first(t, 'name', 'title') ? text(first(t, 'name', 'title')) : id : text(id ?? '—'),
      t && id ? h('span', { class: 'muted small tech-id' }, ` ${id}`) : null);
  };
  const used = new Set();
  const rowId = (e) => {
    const id = entryTech(e);
    if (!id || used.has(id)) return null;
    used.add(id);
    return `erratum-${id}`;
  };

  const parts = [];
  if (disagreements.length) {
    parts.push(h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Level disagreements' }, h('table', { class: 'data errata-levels', id: 'errata-levels' },
      h('caption', null, 'Level disagreements: computed level vs the level the source gives'),
      h('thead', null, h('tr', null, ['Subject', 'Which degree', 'Value', 'Source level', 'By the thresholds', 'Detail'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', null, disagreements.map((e) => h('tr', { id: rowId(e), 'data-id': entryTech(e) ?? '', 'data-kind': text(first(e, 'kind') ?? '') },
        techCell(e),
        h('td', null, text(first(e, 'kind') ?? '—').replace(/-degree$/, '')),
        h('td', { class: 'num' }, fmt(disagreementValue(e))),
        h('td', null, h('span', { class: `badge lvl-${statedLevel(e)}` }, statedLevel(e))),
        h('td', null, h('span', { class: `badge lvl-${thresholdLevel(e)}` }, thresholdLevel(e))),
        h('td', { class: 'wide-cell' }, text(first(e, 'detail', 'message', 'description', 'note') ?? ''))))))));
  }
  parts.push(h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Worked examples' }, h('table', { class: 'data errata-examples', id: 'errata-table' },
    h('caption', null, 'Worked examples: the degree the source claims vs the degree computed from its own indicators (differences in bold)'),
    h('thead', null, h('tr', null, ['Technology', 'Model', 'Claimed', 'Computed', 'Difference', 'Level'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', null, examples.length ? examples.map((e) => {
      const claimed = first(e, 'claimed', 'claimedDegree');
      const computed = first(e, 'computed', 'computedDegree', 'score');
      const diff = num(first(e, 'difference', 'delta')) ?? (num(computed) - num(claimed));
      const agree = Math.abs(diff) < 1e-9;
      return h('tr', { id: rowId(e), 'data-id': entryTech(e) ?? '', class: agree ? 'agrees' : 'differs' },
        techCell(e),
        h('td', null, text(first(e, 'model') ?? names.get(entryTech(e))?.model ?? '')),
        h('td', { class: 'num claimed' }, fmt(claimed)),
        h('td', { class: 'num computed' }, fmt(computed)),
        h('td', { class: `num diff ${agree ? '' : 'diff-nonzero'}` }, agree ? '0' : signed(diff)),
        h('td', null, levelId(first(e, 'level', 'computedLevel') ?? names.get(entryTech(e))?.level) ?? ''));
    }) : h('tr', null, h('td', { colspan: 6 }, 'No worked example differs.'))))));
  if (findings.length) {
    parts.push(h('h3', null, 'Other consistency findings'),
      h('ul', { class: 'findings', id: 'errata-findings' }, findings.map((e) => h('li', { id: rowId(e) }, erratumSummary(e) || text(e)))));
  }
  // The versions the findings were checked against (documents the catalog has seen).
  const seen = (Array.isArray(errata?.documents) ? errata.documents : []).filter((d) => d && d.version);
  if (seen.length) {
    parts.push(h('p', { class: 'muted small', id: 'errata-documents' }, 'Checked against ',
      seen.map((d) => `${text(d.title ?? d.id)} ${text(d.version)}${d.updated ? ` (${text(d.updated)})` : ''}`).join('; '), '.'));
  }
  replace(node, ...parts);
  node.querySelectorAll('table').forEach(labelCells);
  node.dataset.ready = 'true';
}
