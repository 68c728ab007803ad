// Small DOM builders. Everything is created through the DOM API (never HTML strings) so data
// from the service is always text, and nothing needs inline styles or scripts (the CSP forbids them).

const SVG_NS = 'http://www.w3.org/2000/svg';

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function setAttrs(node, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (key in { hidden: 1, disabled: 1, checked: 1, selected: 1, open: 1 } && node.namespaceURI !== SVG_NS) node[key] = Boolean(value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
}

export function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  return append(node, children);
}

export function s(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttrs(node, attrs);
  return append(node, children);
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

export function replace(node, ...children) {
  clear(node);
  return append(node, children);
}

// A visible error box: every failed request ends up in one of these, next to what it broke.
export function errorBox(err, what) {
  const message = err && err.message ? err.message : String(err);
  return h('div', { class: 'error', role: 'alert' },
    h('strong', null, what ? `Could not load ${what}. ` : 'Error. '), message);
}

// Copies each column heading onto its cells (data-label), so narrow screens can show a table as
// one labelled block per row (CSS: .stack-narrow) instead of a sideways-scrolling grid.
export function labelCells(table) {
  const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
  for (const tr of table.querySelectorAll('tbody tr')) {
    [...tr.children].forEach((cell, i) => { if (heads[i]) cell.dataset.label = heads[i]; });
  }
  table.classList.add('stack-narrow');
  return table;
}

export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
