// The calculator: the indicators the models of GET /models weigh (points or ranges), a model or
// custom weights; it asks POST /score and POST /classify as the user types (debounced; stale
// answers dropped) and shows every part of their answers (ScoreResult, Classification).

import { h, s, replace, errorBox, debounce, labelCells } from './dom.js';
import { fmt, intervalText, parseNumber, pct, signed } from './format.js';
import { postJSON } from './api.js';

const CUSTOM = '__custom';
// Where every indicator starts before the user or a preset sets it: the middle of [0, 1].
const START = 0.5;
// Custom weights must sum to 1 within this (config/README.md, models.json).
const WEIGHT_SUM_TOLERANCE = 1e-9;

export class Calculator {
  constructor(form, result) {
    this.form = form;
    this.result = result;
    this.models = [];
    this.indicators = [];
    this.levels = null;
    this.presets = new Map();
    this.seq = 0;
    this.controller = null;
    this.modelSelect = form.querySelector('#calc-model');
    this.presetSelect = form.querySelector('#calc-preset');
    this.weightsBox = form.querySelector('#calc-weights');
    this.weightsLegend = form.querySelector('#calc-weights-legend');
    this.weightFields = form.querySelector('#calc-weight-fields');
    this.weightSum = form.querySelector('#calc-weight-sum');
    this.indicatorBox = form.querySelector('#calc-indicators');
    this.formula = form.querySelector('#calc-formula');
    this.inputs = {};
    this.weights = {};
    this.schedule = debounce(() => this.compute(), 250);
    form.addEventListener('submit', (event) => { event.preventDefault(); this.compute(); });
    this.modelSelect.addEventListener('change', () => this.onModelChange());
    this.presetSelect.addEventListener('change', () => this.applyPreset(this.presetSelect.value));
  }

  // The served levels (levels.js), models and their indicators (indicators.js); the fields are rebuilt only
  // when the indicators change, so what the user typed survives a reload that leaves them alone.
  setReference(levels, models, indicators) {
    this.levels = levels;
    this.models = models;
    if (indicators.map((i) => `${i.id}:${i.inverted}`).join() !== this.indicators.map((i) => `${i.id}:${i.inverted}`).join()) {
      this.indicators = indicators;
      this.buildIndicators();
      this.buildWeights();
    }
    const previous = this.modelSelect.value;
    replace(this.modelSelect,
      models.map((m) => h('option', { value: m.id }, `${m.id} — ${m.name}`)),
      h('option', { value: CUSTOM }, 'custom weights…'));
    const keep = [...this.modelSelect.options].some((o) => o.value === previous);
    this.modelSelect.value = keep ? previous : models.find((m) => m.default)?.id ?? CUSTOM;
    this.onModelChange(true);
  }

  buildIndicators() {
    this.inputs = {};
    replace(this.indicatorBox, this.indicators.map(({ id: ind, label }) => {
      const lo = h('input', { type: 'number', id: `ind-${ind}`, name: ind, min: 0, max: 1, step: 'any', inputmode: 'decimal', value: START, class: 'num-input' });
      const loSlider = h('input', { type: 'range', id: `ind-${ind}-slider`, min: 0, max: 1, step: 0.01, value: START, 'aria-label': `${label} (slider)` });
      const hi = h('input', { type: 'number', id: `ind-${ind}-hi`, name: `${ind}-hi`, min: 0, max: 1, step: 'any', inputmode: 'decimal', value: START, class: 'num-input' });
      const hiSlider = h('input', { type: 'range', id: `ind-${ind}-hi-slider`, min: 0, max: 1, step: 0.01, value: START, 'aria-label': `${label} upper bound (slider)` });
      const isRange = h('input', { type: 'checkbox', id: `ind-${ind}-isrange` });
      const note = h('span', { class: 'ind-note small', id: `ind-${ind}-note` });
      const hiRow = h('div', { class: 'ind-hi', hidden: true },
        h('label', { for: `ind-${ind}-hi` }, 'to'), hiSlider, hi);
      const row = h('div', { class: 'indicator', 'data-indicator': ind },
        h('div', { class: 'ind-head' }, h('label', { for: `ind-${ind}` }, label), note,
          h('label', { class: 'check', for: `ind-${ind}-isrange` }, isRange, ' range')),
        h('div', { class: 'ind-lo' }, loSlider, lo),
        hiRow);
      lo.setAttribute('aria-describedby', note.id);
      const link = (slider, number) => {
        slider.addEventListener('input', () => { number.value = slider.value; this.schedule(); });
        number.addEventListener('input', () => {
          const v = parseNumber(number.value);
          if (v !== null && v >= 0 && v <= 1) slider.value = String(v);
          this.schedule();
        });
      };
      link(loSlider, lo);
      link(hiSlider, hi);
      isRange.addEventListener('change', () => {
        hiRow.hidden = !isRange.checked;
        const [l, u] = [parseNumber(lo.value), parseNumber(hi.value)];
        if (isRange.checked && l !== null && u !== null && u < l) {
          hi.value = lo.value;
          hiSlider.value = lo.value;
        }
        this.schedule();
      });
      this.inputs[ind] = { row, lo, loSlider, hi, hiSlider, isRange, note, hiRow };
      return row;
    }));
  }

  buildWeights() {
    this.weights = {};
    const inverted = this.indicators.filter((i) => i.inverted).map((i) => i.id);
    this.weightsLegend.textContent = `Custom weights (must sum to 1${inverted.length ? `; inverted, 1 − value: ${inverted.join(', ')}` : ''})`;
    replace(this.weightFields, this.indicators.map(({ id: ind, label, inverted: inv }) => {
      const input = h('input', { type: 'number', id: `w-${ind}`, min: 0, max: 1, step: 'any', inputmode: 'decimal', class: 'num-input' });
      input.addEventListener('input', () => { this.updateWeightSum(); this.updateUsage(); this.schedule(); });
      this.weights[ind] = input;
      return h('div', { class: 'weight' },
        h('label', { for: `w-${ind}` }, label, inv ? h('span', { class: 'small muted' }, ' (inverted)') : null), input);
    }));
  }

  // `details`: the Technology objects of GET /technologies/{id}; each offers its indicators.
  setPresets(details) {
    const previous = this.presetSelect.value;
    this.presets = new Map(details.filter((d) => Object.keys(d.indicators).length).map((d) => [d.id, d]));
    replace(this.presetSelect, h('option', { value: '' }, '—'),
      [...this.presets.values()].map((d) => h('option', { value: d.id }, `${d.name} (${d.model})`)));
    if (this.presets.has(previous)) this.presetSelect.value = previous;
  }

  applyPreset(id) {
    const d = this.presets.get(id);
    if (!d) return;
    if (this.models.some((m) => m.id === d.model)) this.modelSelect.value = d.model;
    for (const [ind, value] of Object.entries(d.indicators)) {
      const box = this.inputs[ind];
      if (!box) continue;
      box.isRange.checked = false;
      box.hiRow.hidden = true;
      box.lo.value = String(value);
      box.loSlider.value = box.lo.value;
    }
    this.onModelChange();
  }

  // The terms in use: the chosen model's ModelTerms, or the custom weights typed so far.
  currentTerms() {
    if (this.modelSelect.value === CUSTOM) {
      return this.indicators.filter(({ id }) => this.weights[id].value.trim() !== '')
        .map(({ id, inverted }) => ({ indicator: id, weight: parseNumber(this.weights[id].value), inverted }));
    }
    return this.models.find((m) => m.id === this.modelSelect.value)?.terms ?? [];
  }

  onModelChange(quiet = false) {
    const custom = this.modelSelect.value === CUSTOM;
    if (custom && this.indicators.every(({ id }) => this.weights[id].value.trim() === '')) {
      // Start custom weights from the model the user had, so the sum starts at 1.
      const base = this.models.find((m) => m.id === this.lastModel) ?? this.models[0];
      for (const t of base ? base.terms : []) {
        if (this.weights[t.indicator]) this.weights[t.indicator].value = String(t.weight);
      }
    }
    if (!custom) this.lastModel = this.modelSelect.value;
    this.weightsBox.hidden = !custom;
    const model = this.models.find((m) => m.id === this.modelSelect.value);
    this.formula.textContent = custom ? 'score = Σ weight × value (1 − value where inverted)'
      : model ? `score = ${model.formula}` : '';
    this.updateWeightSum();
    this.updateUsage();
    if (!quiet || this.models.length) this.schedule();
  }

  weightTotal() {
    return this.indicators.reduce((acc, { id }) => acc + (parseNumber(this.weights[id].value) ?? 0), 0);
  }

  updateWeightSum() {
    const sum = this.weightTotal();
    const off = Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE;
    this.weightSum.textContent = `Sum of weights: ${fmt(sum)}${off ? ' (must be 1)' : ''}`;
    this.weightSum.classList.toggle('warn', off);
  }

  updateUsage() {
    const used = new Map(this.currentTerms().map((t) => [t.indicator, t]));
    for (const { id } of this.indicators) {
      const box = this.inputs[id];
      const term = used.get(id);
      box.row.classList.toggle('unused', !term);
      for (const el of [box.lo, box.loSlider, box.hi, box.hiSlider, box.isRange]) el.disabled = !term;
      box.note.textContent = term
        ? `weight ${fmt(term.weight)}${term.inverted ? ', inverted (1 − x)' : ''}`
        : `not used by ${this.modelSelect.value === CUSTOM ? 'these weights' : this.modelSelect.value}`;
    }
  }

  // The request body (a ScoreRequest), or the problems the user must fix first.
  body() {
    const problems = [];
    const body = {};
    const label = (ind) => this.label(ind);
    for (const t of this.currentTerms()) {
      const box = this.inputs[t.indicator];
      if (!box) continue;
      const lo = parseNumber(box.lo.value);
      if (lo === null) problems.push(`${label(t.indicator)}: enter a number between 0 and 1.`);
      if (box.isRange.checked) {
        const hi = parseNumber(box.hi.value);
        if (hi === null) problems.push(`${label(t.indicator)} (upper bound): enter a number between 0 and 1.`);
        body[t.indicator] = [lo, hi];
      } else {
        body[t.indicator] = lo;
      }
    }
    if (this.modelSelect.value === CUSTOM) {
      body.weights = {};
      for (const { id } of this.indicators) {
        const raw = this.weights[id].value.trim();
        if (raw === '') continue;
        const w = parseNumber(raw);
        if (w === null) problems.push(`Weight of ${label(id)}: enter a number.`);
        body.weights[id] = w;
      }
      if (!Object.keys(body.weights).length) problems.push('Give at least one weight.');
      else if (Math.abs(this.weightTotal() - 1) > WEIGHT_SUM_TOLERANCE) problems.push(`The weights sum to ${fmt(this.weightTotal())}; they must sum to 1.`);
    } else if (this.modelSelect.value) {
      body.model = this.modelSelect.value;
    }
    return { body, problems };
  }

  async compute() {
    if (!this.levels) return;
    const { body, problems } = this.body();
    const seq = ++this.seq;
    if (this.controller) this.controller.abort();
    if (problems.length) {
      this.result.dataset.state = 'invalid';
      replace(this.result, h('div', { class: 'error', role: 'alert' }, h('strong', null, 'Check the inputs. '), problems.join(' ')));
      return;
    }
    const controller = new AbortController();
    this.controller = controller;
    this.result.setAttribute('aria-busy', 'true');
    this.result.dataset.state = 'loading';
    const isRange = Object.values(body).some(Array.isArray);
    try {
      const [scored, classified] = await Promise.all([
        postJSON('/score', body, { signal: controller.signal }),
        isRange ? Promise.resolve(null) : postJSON('/classify', body, { signal: controller.signal }),
      ]);
      if (seq !== this.seq) return;
      this.render(scored, classified);
      this.result.dataset.state = 'ok';
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      if (seq !== this.seq) return;
      this.result.dataset.state = 'error';
      replace(this.result, errorBox(err, 'the score'));
    } finally {
      if (seq === this.seq) this.result.setAttribute('aria-busy', 'false');
    }
  }

  // `scored`: a PointScore or RangeScore; `classified`: a PointClassification (points only).
  render(scored, classified) {
    const parts = [];
    if (scored.scoreRange) {
      parts.push(h('div', { class: 'score-line' },
        h('span', { class: 'big-score', 'data-field': 'score' }, `${fmt(scored.scoreRange.min)} – ${fmt(scored.scoreRange.max)}`),
        h('span', { class: 'levels-touched' }, 'touches ', scored.levels.map((id) => [this.levels.badge(id), ' ']))));
    } else {
      const { level } = scored;
      parts.push(h('div', { class: 'score-line' },
        h('span', { class: 'big-score', 'data-field': 'score' }, fmt(scored.score)),
        this.levels.badge(level.id),
        h('span', { class: 'level-name' }, level.name),
        h('span', { class: 'muted', lang: 'zh' }, level.sourceName)));
    }
    parts.push(h('p', { class: 'small muted' }, `Model: ${scored.model}`,
      scored.unused.length ? ` · not used: ${scored.unused.join(', ')}` : ''));
    parts.push(this.termsChart(scored.terms));
    if (classified) parts.push(...this.classification(classified));
    replace(this.result, ...parts);
  }

  label(ind) {
    return this.indicators.find((i) => i.id === ind)?.label ?? ind;
  }

  // Terms: `value` and `contribution` for a point, `valueRange` and `contributionRange` for a range.
  termsChart(terms) {
    if (!terms.length) return null;
    const maxWeight = Math.max(...terms.map((t) => t.weight), 0.0001);
    return h('div', { class: 'terms' },
      h('h3', { class: 'h-small' }, 'Contributions'),
      h('div', { class: 'bars', role: 'list' }, terms.map((t) => {
        const range = t.contributionRange;
        const [lo, hi] = range ? [range.min, range.max] : [t.contribution, t.contribution];
        const value = t.valueRange ? `[${fmt(t.valueRange.min)}, ${fmt(t.valueRange.max)}]` : fmt(t.value);
        return h('div', { class: 'bar-row term', role: 'listitem', 'data-indicator': t.indicator, 'data-contribution': range ? '' : lo },
          h('span', { class: 'bar-name' }, `${this.label(t.indicator)} `,
            h('span', { class: 'small muted term-formula' }, `${fmt(t.weight)} × ${t.inverted ? `(1 − ${value})` : value}`)),
          s('svg', { class: 'bar', width: '100%', height: 14, 'aria-hidden': 'true', focusable: 'false' },
            s('rect', { class: 'bar-track', x: 0, y: 0, width: `${(t.weight / maxWeight) * 100}%`, height: 14, rx: 3 }),
            s('rect', { class: 'bar-fill', x: 0, y: 0, width: `${(hi / maxWeight) * 100}%`, height: 14, rx: 3 }),
            range ? s('rect', { class: 'bar-fill-min', x: 0, y: 0, width: `${(lo / maxWeight) * 100}%`, height: 14, rx: 3 }) : null),
          h('span', { class: 'bar-value num' }, range ? `${fmt(lo)}–${fmt(hi)}` : fmt(lo)));
      })),
      h('p', { class: 'small muted' }, 'The light track is the term’s weight (its most), the dark bar what it contributes.'));
  }

  classification(c) {
    const { level, margins } = c;
    const fact = (term, value, attrs = null) => h('div', null, h('dt', null, term), h('dd', attrs, value));
    const facts = h('dl', { class: 'facts' },
      fact('Interval', intervalText(level.interval)),
      fact('Nominal degree', pct(level.nominalDegree)),
      fact('Certainty', level.certainty),
      fact('Market', level.marketStructure),
      level.disputeFocus === null ? null : fact('Dispute focus', level.disputeFocus),
      level.drivers.length ? fact('Drivers', level.drivers.join(', ')) : null,
      fact('Margins', `${fmt(margins.toLower)} above the lower bound, ${fmt(margins.toUpper)} below the upper`, { 'data-field': 'margins' }));
    return [facts, this.step('Next level', c.toNext, 'to-next', 'already at the top level'),
      this.step('Previous level', c.toPrevious, 'to-previous', 'already at the bottom level'),
      this.profile(c)];
  }

  // A LevelStep: the nearest score in the neighbouring level, the change to it, and per indicator
  // the value that reaches it alone (null: it cannot).
  step(title, step, field, none) {
    if (!step) return h('div', { class: 'step', 'data-field': field }, h('h3', { class: 'h-small' }, title), h('p', { class: 'muted small' }, none));
    const rank = (ind) => this.indicators.findIndex((i) => i.id === ind);
    const entries = Object.entries(step.indicators).sort((a, b) => rank(a[0]) - rank(b[0]));
    return h('div', { class: 'step', 'data-field': field },
      h('h3', { class: 'h-small' }, `${title}: `, this.levels.badge(step.level.id)),
      h('p', null, `Score ${fmt(step.score)} (${signed(step.change)} from here)`),
      entries.length ? h('ul', { class: 'small step-list' }, entries.map(([ind, value]) => h('li', null,
        h('span', { class: 'step-ind' }, `${this.label(ind)} `),
        value === null ? h('span', { class: 'muted' }, 'cannot reach it alone') : `→ ${fmt(value)}`))) : null);
  }

  // ProfileChecks: each indicator against the range the level's profile gives it.
  profile(c) {
    return h('div', { class: 'profile', 'data-field': 'profile' },
      h('h3', { class: 'h-small' }, `Profile check against ${c.level.id}: `,
        c.profileConsistent === null ? null : h('span', { class: `tag ${c.profileConsistent ? 'ok' : 'warn'}`, 'data-field': 'profile-consistent' }, c.profileConsistent ? 'consistent' : 'inconsistent')),
      c.profile.length ? h('div', { class: 'table-wrap' }, labelCells(h('table', { class: 'data compact profile-table' },
        h('thead', null, h('tr', null, ['Indicator', 'Value', 'Expected', 'Inside'].map((x) => h('th', { scope: 'col' }, x)))),
        h('tbody', null, c.profile.map((p) => h('tr', { class: p.inside ? null : 'outside' },
          h('th', { scope: 'row' }, this.label(p.indicator)),
          h('td', { class: 'num' }, fmt(p.value)),
          h('td', null, p.expected.text),
          h('td', null, p.inside ? 'yes' : h('strong', null, 'no')))))))) : h('p', { class: 'muted small' }, 'No profile for this level.'),
      h('p', { class: 'small muted' }, 'The source’s profiles and thresholds disagree; both are reported, neither is forced.'));
  }
}
