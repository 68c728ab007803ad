// The levels of GET /levels (ids, names, score intervals), from which the scale, the legend, the
// history charts and every level badge are drawn. No level is written into the page: a changed
// config/levels.json shows up once the service reloads it.

import { h } from './dom.js';

export class Levels {
  // `list`: the Level objects of GET /levels.
  constructor(list) {
    this.list = [...list].sort((a, b) => a.interval.lower - b.interval.lower);
    this.rank = new Map(this.list.map((level, i) => [level.id, i]));
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

  badge(id, attrs = {}, label = id) {
    return h('span', { class: `badge ${this.colourClass(id)}`, 'data-field': 'level', ...attrs }, label);
  }
}
