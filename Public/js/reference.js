// What every section is drawn from, as the service serves it: the levels of GET /levels (ids,
// names, score intervals) and the indicators the models of GET /models weigh (names, inversion).
// Nothing of either is written into the page; a changed config/levels.json or config/models.json
// shows up after the service reloads it.

import { h } from './dom.js';
import { capitalized, intervalText } from './format.js';

export class Levels {
  // `list`: the Level objects of GET /levels.
  constructor(list) {
    this.list = [...list].sort((a, b) => a.interval.lower - b.interval.lower);
    this.rank = new Map(this.list.map((level, i) => [level.id, i]));
  }

  get(id) {
    const rank = this.rank.get(id);
    return rank === undefined ? null : this.list[rank];
  }

  // A level is coloured by its place on the score axis (the stylesheet has one colour per place),
  // so the colours follow whatever levels the service serves.
  colourClass(id) {
    const rank = this.rank.get(id);
    return rank === undefined ? 'lvl-unknown' : `lvl-${rank}`;
  }

  // Every bound of every interval, ascending: the score axis' ticks.
  bounds() {
    return [...new Set(this.list.flatMap((l) => [l.interval.lower, l.interval.upper]))].sort((a, b) => a - b);
  }

  // "L0 to L4": the range of ids, for captions.
  span() {
    return this.list.length ? `${this.list[0].id} to ${this.list[this.list.length - 1].id}` : 'none';
  }

  intervalText(id) {
    const level = this.get(id);
    return level ? intervalText(level.interval) : '—';
  }

  badge(id, attrs = {}, label = id) {
    return h('span', { class: `badge ${this.colourClass(id)}`, 'data-field': 'level', ...attrs }, label);
  }
}

// The indicators of the models (ModelTerm: indicator, weight, inverted), in the order they first
// appear, each with whether the models count it inverted (1 − value).
export function indicatorsOf(models) {
  const byId = new Map();
  for (const model of models) {
    for (const term of model.terms) {
      const known = byId.get(term.indicator);
      if (known) known.inverted ||= term.inverted;
      else byId.set(term.indicator, { id: term.indicator, label: capitalized(term.indicator), inverted: term.inverted });
    }
  }
  return [...byId.values()];
}
