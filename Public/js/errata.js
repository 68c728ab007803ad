// The errata (docs/model.md#errata) as GET /errata serves them: worked examples claimed vs
// computed (`examples`), level disagreements (`levels`), share claims that cannot hold (`claims`)
// and the source documents they were checked against (`documents`). The service computes them;
// this only lays them out.

import { h, replace, labelCells } from './dom.js';
import { fmt, signed } from './format.js';

// Every finding about one technology: its worked example when it is wrong, and the level
// disagreements and claims whose subject it is.
export function erratumFor(errata, techId) {
  if (!errata) return [];
  return [
    ...errata.examples.filter((e) => e.technology === techId && e.erroneous).map((e) => ({ example: e })),
    ...errata.levels.filter((e) => e.subject === techId).map((e) => ({ finding: e })),
    ...errata.claims.filter((e) => e.subject === techId).map((e) => ({ finding: e })),
  ];
}

// One sentence for a WorkedExample ({example}) or a finding with the service's own `detail`.
export function erratumSummary({ example, finding }) {
  if (example) {
    return `The source claims ${fmt(example.claimed)}; the service computes ${fmt(example.computed)} (difference ${signed(example.difference)}).`;
  }
  const { detail } = finding;
  return `${detail.charAt(0).toUpperCase()}${detail.slice(1)}${/[.!?]$/.test(detail) ? '' : '.'}`;
}

function region(label, table) {
  return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': label }, table);
}

export function renderErrata(node, errata, technologies, levels) {
  const names = new Map(technologies.map((t) => [t.id, t.name]));
  // A subject is a technology id or a level id; technologies are shown by name.
  const subjectCell = (id) => h('th', { scope: 'row' }, names.get(id) ?? id,
    names.has(id) ? h('span', { class: 'muted small tech-id' }, ` ${id}`) : null);
  // The first row about a technology is the target of its "erratum" links.
  const used = new Set();
  const rowId = (id) => {
    if (used.has(id)) return null;
    used.add(id);
    return `erratum-${id}`;
  };

  const parts = [];
  if (errata.levels.length) {
    parts.push(region('Level disagreements', h('table', { class: 'data errata-levels', id: 'errata-levels' },
      h('caption', null, 'Level disagreements: computed level vs the level the source gives'),
      h('thead', null, h('tr', null, ['Subject', 'Which degree', 'Value', 'Source level', 'By the thresholds', 'Detail'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', null, errata.levels.map((e) => h('tr', { id: rowId(e.subject), 'data-id': e.subject, 'data-kind': e.kind },
        subjectCell(e.subject),
        h('td', null, e.kind.replace(/-degree$/, '')),
        h('td', { class: 'num' }, fmt(e.value)),
        h('td', null, levels.badge(e.statedLevel)),
        h('td', null, levels.badge(e.thresholdLevel)),
        h('td', { class: 'wide-cell' }, e.detail)))))));
  }
  parts.push(region('Worked examples', h('table', { class: 'data errata-examples', id: 'errata-table' },
    h('caption', null, 'Worked examples: the degree the source claims vs the degree computed from its own indicators (differences in bold)'),
    h('thead', null, h('tr', null, ['Technology', 'Model', 'Claimed', 'Computed', 'Difference', 'Level'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', null, errata.examples.length ? errata.examples.map((e) => h('tr', { id: rowId(e.technology), 'data-id': e.technology, class: e.erroneous ? 'differs' : 'agrees' },
      subjectCell(e.technology),
      h('td', null, e.model),
      h('td', { class: 'num claimed' }, fmt(e.claimed)),
      h('td', { class: 'num computed' }, fmt(e.computed)),
      h('td', { class: `num diff ${e.erroneous ? 'diff-nonzero' : ''}` }, e.erroneous ? signed(e.difference) : '0'),
      h('td', null, technologies.find((t) => t.id === e.technology)?.level.id ?? '')))
      : h('tr', null, h('td', { colspan: 6 }, 'The catalog has no worked example.'))))));
  if (errata.claims.length) {
    parts.push(h('h3', null, 'Other consistency findings'),
      h('ul', { class: 'findings', id: 'errata-findings' }, errata.claims.map((e) => h('li', { id: rowId(e.subject), 'data-kind': e.kind },
        erratumSummary({ finding: e })))));
  }
  // The versions the findings were checked against (documents whose version the catalog knows).
  const seen = errata.documents.filter((d) => d.version);
  if (seen.length) {
    parts.push(h('p', { class: 'muted small', id: 'errata-documents' }, 'Checked against ',
      seen.map((d) => `${d.title} ${d.version}${d.updated ? ` (${d.updated})` : ''}`).join('; '), '.'));
  }
  replace(node, ...parts);
  node.querySelectorAll('table').forEach(labelCells);
  node.dataset.ready = 'true';
}
