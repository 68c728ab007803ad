// The calculator: indicators (points or ranges), a model from /models or custom weights; it asks
// /score and /classify as the user types (debounced; stale answers dropped) and shows every part.

import { h, s, replace, errorBox, debounce, labelCells } from './dom.js';
import { asList, bounds, first, fmt, intervalText, levelId, num, signed, text, techName, INDICATORS, INDICATOR_LABELS, LEVEL_IDS } from './shape.js';
import { postJSON } from './api.js';

const CUSTOM = '__custom';
const DEFAULTS = { adoption: 0.6, standardization: 0.7, controversy: 0.3, maturity: 0.75, completeness: 0.5 };

function modelTerms(model) {
  return asList(first(model, 'terms') ?? [], 'terms').map((t) => ({
    indicator: text(first(t, 'indicator', 'id', 'name')),
    weight: num(first(t, 'weight')),
    inverted: Boolean(first(t, 'inverted')),
  }));
}

function levelBadge(level) {
  const id = levelId(level);
  return h('span', { class: `badge ${LEVEL_IDS.includes(id) ? `lvl-${id}` : ''}`, 'data-field': 'level' }, id ?? '—');
}

export class Calculator {
  constructor(form, result) {
    this.form = form;
    this.result = result;
    this.models = [];
    this.presets = new Map();
    this.seq = 0;
    this.controller = null;
    this.modelSelect = form.querySelector('#calc-model');
    this.presetSelect = form.querySelector('#calc-preset');
    this.weightsBox = form.querySelector('#calc-weights');
    this.weightFields = form.querySelector('#calc-weight-fields');
    this.weightSum = form.querySelector('#calc-weight-sum');
    this.indicatorBox = form.querySelector('#calc-indicators');
    this.formula = form.querySelector('#calc-formula');
    this.inputs = {};
    this.weights = {};
    this.schedule = debounce(() => this.compute(), 250);
    form.addEventListener('submit', (event) => { event.preventDefault(); this.compute(); });
    this.buildIndicators();
    this.buildWeights();
    this.modelSelect.addEventListener('change', () => this.onModelChange());
    this.presetSelect.addEventListener('change', () => this.applyPreset(this.presetSelect.value));
  }

  buildIndicators() {
    for (const ind of INDICATORS) {
      const label = INDICATOR_LABELS[ind];
      const lo = h('input', { type: 'number', id: `ind-${ind}`, name: ind, min: 0, max: 1, step: 'any', inputmode: 'decimal', value: DEFAULTS[ind], class: 'num-input' });
      const loSlider = h('input', { type: 'range', id: `ind-${ind}-slider`, min: 0, max: 1, step: 0.01, value: DEFAULTS[ind], 'aria-label': `${label} (slider)` });
      const hi = h('input', { type: 'number', id: `ind-${ind}-hi`, name: `${ind}-hi`, min: 0, max: 1, step: 'any', inputmode: 'decimal', value: DEFAULTS[ind], class: 'num-input' });
      const hiSlider = h('input', { type: 'range', id: `ind-${ind}-hi-slider`, min: 0, max: 1, step: 0.01, value: DEFAULTS[ind], 'aria-label': `${label} upper bound (slider)` });
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
          const v = num(number.value);
          if (v !== null && v >= 0 && v <= 1) slider.value = String(v);
          this.schedule();
        });
      };
      link(loSlider, lo);
      link(hiSlider, hi);
      isRange.addEventListener('change', () => {
        hiRow.hidden = !isRange.checked;
        if (isRange.checked && num(hi.value) !== null && num(lo.value) !== null && num(hi.value) < num(lo.value)) {
          hi.value = lo.value;
          hiSlider.value = lo.value;
        }
        this.schedule();
      });
      this.inputs[ind] = { row, lo, loSlider, hi, hiSlider, isRange, note, hiRow };
      this.indicatorBox.append(row);
    }
  }

  buildWeights() {
    for (const ind of INDICATORS) {
      const input = h('input', { type: 'number', id: `w-${ind}`, min: 0, max: 1, step: 'any', inputmode: 'decimal', class: 'num-input' });
      input.addEventListener('input', () => { this.updateWeightSum(); this.updateUsage(); this.schedule(); });
      this.weights[ind] = input;
      this.weightFields.append(h('div', { class: 'weight' },
        h('label', { for: `w-${ind}` }, INDICATOR_LABELS[ind], ind === 'controversy' ? h('span', { class: 'small muted' }, ' (inverted)') : null), input));
    }
  }

  setModels(models) {
    this.models = asList(models, 'models');
    const previous = this.modelSelect.value;
    replace(this.modelSelect,
      this.models.map((m) => h('option', { value: m.id }, `${m.id}${first(m, 'name', 'title') ? ` — ${text(first(m, 'name', 'title'))}` : ''}`)),
      h('option', { value: CUSTOM }, 'custom weights…'));
    const wanted = previous && [...this.modelSelect.options].some((o) => o.value === previous) ? previous
      : (this.models.find((m) => m.id === 'formal') ? 'formal' : this.models[0]?.id ?? CUSTOM);
    this.modelSelect.value = wanted;
    this.onModelChange(true);
  }

  setPresets(details) {
    const previous = this.presetSelect.value;
    this.presets = new Map();
    for (const d of details) {
      const indicators = first(d, 'indicators');
      if (indicators && typeof indicators === 'object') this.presets.set(d.id, d);
    }
    replace(this.presetSelect, h('option', { value: '' }, '—'),
      [...this.presets.values()].map((d) => h('option', { value: d.id }, `${techName(d)} (${text(d.model ?? '')})`)));
    if (this.presets.has(previous)) this.presetSelect.value = previous;
  }

  applyPreset(id) {
    const d = this.presets.get(id);
    if (!d) return;
    const indicators = first(d, 'indicators');
    const model = text(first(d, 'model') ?? '');
    if ([...this.modelSelect.options].some((o) => o.value === model)) this.modelSelect.value = model;
    for (const ind of INDICATORS) {
      const v = indicators[ind];
      const box = this.inputs[ind];
      if (Array.isArray(v)) {
        box.isRange.checked = true;
        [box.lo.value, box.hi.value] = v.map(String);
      } else if (num(v) !== null) {
        box.isRange.checked = false;
        box.lo.value = String(v);
      }
      box.hiRow.hidden = !box.isRange.checked;
      box.loSlider.value = box.lo.value;
      box.hiSlider.value = box.hi.value;
    }
    this.onModelChange();
  }

  currentTerms() {
    if (this.modelSelect.value === CUSTOM) {
      return INDICATORS.filter((ind) => this.weights[ind].value.trim() !== '')
        .map((ind) => ({ indicator: ind, weight: num(this.weights[ind].value), inverted: ind === 'controversy' }));
    }
    const model = this.models.find((m) => m.id === this.modelSelect.value);
    return model ? modelTerms(model) : [];
  }

  onModelChange(quiet = false) {
    const custom = this.modelSelect.value === CUSTOM;
    if (custom && INDICATORS.every((ind) => this.weights[ind].value.trim() === '')) {
      // Start custom weights from the model the user had, so the sum starts at 1.
      const base = this.models.find((m) => m.id === this.lastModel) ?? this.models[0];
      for (const t of base ? modelTerms(base) : []) {
        if (this.weights[t.indicator]) this.weights[t.indicator].value = String(t.weight);
      }
    }
    if (!custom) this.lastModel = this.modelSelect.value;
    this.weightsBox.hidden = !custom;
    const model = this.models.find((m) => m.id === this.modelSelect.value);
    this.formula.textContent = custom ? 'score = Σ weight × value, with 1 − controversy'
      : model ? `score = ${text(first(model, 'formula') ?? modelTerms(model).map((t) => `${fmt(t.weight)}·${t.inverted ? `(1 − ${t.indicator})` : t.indicator}`).join(' + '))}` : '';
    this.updateWeightSum();
    this.updateUsage();
    if (!quiet || this.models.length) this.schedule();
  }

  updateWeightSum() {
    const sum = INDICATORS.reduce((acc, ind) => acc + (num(this.weights[ind].value) ?? 0), 0);
    this.weightSum.textContent = `Sum of weights: ${fmt(sum)}${Math.abs(sum - 1) > 1e-9 ? ' (must be 1)' : ''}`;
    this.weightSum.classList.toggle('warn', Math.abs(sum - 1) > 1e-9);
  }

  updateUsage() {
    const terms = this.currentTerms();
    const used = new Map(terms.map((t) => [t.indicator, t]));
    for (const ind of INDICATORS) {
      const box = this.inputs[ind];
      const term = used.get(ind);
      box.row.classList.toggle('unused', !term);
      for (const el of [box.lo, box.loSlider, box.hi, box.hiSlider, box.isRange]) el.disabled = !term;
      box.note.textContent = term
        ? `weight ${fmt(term.weight)}${term.inverted ? ', inverted (1 − x)' : ''}`
        : `not used by ${this.modelSelect.value === CUSTOM ? 'these weights' : this.modelSelect.value}`;
    }
  }

  // The request body, or a list of problems the user must fix first.
  body() {
    const problems = [];
    const body = {};
    for (const t of this.currentTerms()) {
      const box = this.inputs[t.indicator];
      if (!box) continue;
      const lo = num(box.lo.value);
      if (lo === null) problems.push(`${INDICATOR_LABELS[t.indicator]}: enter a number between 0 and 1.`);
      if (box.isRange.checked) {
        const hi = num(box.hi.value);
        if (hi === null) problems.push(`${INDICATOR_LABELS[t.indicator]} (upper bound): enter a number between 0 and 1.`);
        body[t.indicator] = [lo, hi];
      } else {
        body[t.indicator] = lo;
      }
    }
    if (this.modelSelect.value === CUSTOM) {
      body.weights = {};
      for (const ind of INDICATORS) {
        const raw = this.weights[ind].value.trim();
        if (raw === '') continue;
        const w = num(raw);
        if (w === null) problems.push(`Weight of ${INDICATOR_LABELS[ind]}: enter a number.`);
        body.weights[ind] = w;
      }
      if (!Object.keys(body.weights).length) problems.push('Give at least one weight.');
    } else if (this.modelSelect.value) {
      body.model = this.modelSelect.value;
    }
    return { body, problems };
  }

  async compute() {
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
      this.render(body, scored, classified);
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

  render(body, scored, classified) {
    const parts = [];
    const range = first(scored, 'scoreRange');
    if (range) {
      const levels = asList(first(scored, 'levels') ?? []);
      parts.push(h('div', { class: 'score-line' },
        h('span', { class: 'big-score', 'data-field': 'score' }, `${fmt(first(range, 'min'))} – ${fmt(first(range, 'max'))}`),
        h('span', { class: 'levels-touched' }, 'touches ', levels.map((l) => [levelBadge(l), ' ']))));
    } else {
      const level = first(classified, 'level') ?? first(scored, 'level');
      parts.push(h('div', { class: 'score-line' },
        h('span', { class: 'big-score', 'data-field': 'score' }, fmt(first(scored, 'score'))),
        levelBadge(level),
        h('span', { class: 'level-name' }, text(first(level, 'name') ?? '')),
        first(level, 'sourceName') ? h('span', { class: 'muted', lang: 'zh' }, text(level.sourceName)) : null));
    }
    parts.push(h('p', { class: 'small muted' }, `Model: ${text(first(scored, 'model') ?? body.model ?? 'custom')}`,
      asList(first(scored, 'unused') ?? []).length ? ` · not used: ${asList(scored.unused).map(text).join(', ')}` : ''));
    parts.push(this.termsChart(asList(first(scored, 'terms') ?? [])));
    if (classified) parts.push(...this.classification(classified));
    replace(this.result, ...parts);
  }

  termsChart(terms) {
    if (!terms.length) return null;
    const maxWeight = Math.max(...terms.map((t) => num(t.weight) ?? 0), 0.0001);
    const contrib = (t) => {
      const c = first(t, 'contributionRange', 'contribution');
      if (c && typeof c === 'object') return { lo: num(first(c, 'min')) ?? 0, hi: num(first(c, 'max')) ?? 0, range: true };
      return { lo: num(c) ?? 0, hi: num(c) ?? 0, range: false };
    };
    return h('div', { class: 'terms' },
      h('h3', { class: 'h-small' }, 'Contributions'),
      h('div', { class: 'bars', role: 'list' }, terms.map((t) => {
        const c = contrib(t);
        const w = num(t.weight) ?? 0;
        const vr = first(t, 'valueRange');
        const value = vr ? `[${fmt(first(vr, 'min'))}, ${fmt(first(vr, 'max'))}]`
          : Array.isArray(t.value) ? `[${t.value.map((v) => fmt(v)).join(', ')}]` : fmt(t.value);
        return h('div', { class: 'bar-row term', role: 'listitem', 'data-indicator': text(t.indicator), 'data-contribution': c.range ? '' : c.lo },
          h('span', { class: 'bar-name' }, `${INDICATOR_LABELS[t.indicator] ?? text(t.indicator)} `,
            h('span', { class: 'small muted term-formula' }, `${fmt(w)} × ${t.inverted ? `(1 − ${value})` : value}`)),
          s('svg', { class: 'bar', width: '100%', height: 14, 'aria-hidden': 'true', focusable: 'false' },
            s('rect', { class: 'bar-track', x: 0, y: 0, width: `${(w / maxWeight) * 100}%`, height: 14, rx: 3 }),
            s('rect', { class: 'bar-fill', x: 0, y: 0, width: `${(c.hi / maxWeight) * 100}%`, height: 14, rx: 3 }),
            c.range ? s('rect', { class: 'bar-fill-min', x: 0, y: 0, width: `${(c.lo / maxWeight) * 100}%`, height: 14, rx: 3 }) : null),
          h('span', { class: 'bar-value num' }, c.range ? `${fmt(c.lo)}–${fmt(c.hi)}` : fmt(c.lo)));
      })),
      h('p', { class: 'small muted' }, 'The light track is the term’s weight (its most), the dark bar what it contributes.'));
  }

  classification(c) {
    const level = first(c, 'level') ?? {};
    const b = bounds(level);
    const margins = first(c, 'margins') ?? {};
    const certainty = num(first(level, 'certainty'));
    const nominal = first(level, 'nominalDegree');
    const facts = h('dl', { class: 'facts' },
      h('div', null, h('dt', null, 'Interval'), h('dd', null, intervalText(b))),
      nominal !== undefined ? h('div', null, h('dt', null, 'Nominal degree'), h('dd', null, typeof nominal === 'number' && nominal <= 1 ? `${Math.round(nominal * 100)}%` : text(nominal))) : null,
      certainty !== null ? h('div', null, h('dt', null, 'Certainty'), h('dd', { 'aria-label': `${certainty} of 5` }, '★'.repeat(certainty) + '☆'.repeat(Math.max(0, 5 - certainty)))) : (first(level, 'certainty') ? h('div', null, h('dt', null, 'Certainty'), h('dd', null, text(level.certainty))) : null),
      first(level, 'marketStructure') ? h('div', null, h('dt', null, 'Market'), h('dd', null, text(level.marketStructure))) : null,
      first(level, 'disputeFocus') ? h('div', null, h('dt', null, 'Dispute focus'), h('dd', null, text(level.disputeFocus))) : null,
      first(level, 'drivers') ? h('div', null, h('dt', null, 'Drivers'), h('dd', null, text(level.drivers))) : null,
      h('div', null, h('dt', null, 'Margins'), h('dd', { 'data-field': 'margins' }, `${fmt(first(margins, 'toLower', 'lower'))} above the lower bound, ${fmt(first(margins, 'toUpper', 'upper'))} below the upper`)));
    return [facts, this.step('Next level', first(c, 'toNext'), 'to-next', 'already at the top level'),
      this.step('Previous level', first(c, 'toPrevious'), 'to-previous', 'already at the bottom level'),
      this.profile(c)];
  }

  step(title, step, field, none) {
    if (!step) return h('div', { class: 'step', 'data-field': field }, h('h3', { class: 'h-small' }, title), h('p', { class: 'muted small' }, none));
    const target = levelId(first(step, 'level', 'target', 'id', 'to'));
    const targetScore = first(step, 'score', 'targetScore', 'threshold');
    const delta = first(step, 'scoreNeeded', 'needed', 'delta', 'difference', 'gap', 'change');
    const indicators = first(step, 'indicators', 'changes', 'byIndicator', 'values');
    let entries = [];
    if (Array.isArray(indicators)) entries = indicators.map((e) => [text(first(e, 'indicator', 'id', 'name')), e]);
    else if (indicators && typeof indicators === 'object') entries = Object.entries(indicators);
    const rank = (ind) => (INDICATORS.includes(ind) ? INDICATORS.indexOf(ind) : INDICATORS.length);
    entries.sort((a, b) => rank(a[0]) - rank(b[0]));
    const describe = (v) => {
      if (typeof v === 'number') return `→ ${fmt(v)}`;
      const value = v && typeof v === 'object' ? first(v, 'value', 'needed', 'to', 'target') : undefined;
      const change = v && typeof v === 'object' ? first(v, 'change', 'delta', 'by') : undefined;
      if (value === undefined || value === null) return h('span', { class: 'muted' }, 'cannot reach it alone');
      return `→ ${fmt(value)}${change !== undefined && change !== null ? ` (${signed(change)})` : ''}`;
    };
    return h('div', { class: 'step', 'data-field': field },
      h('h3', { class: 'h-small' }, `${title}: `, target ? levelBadge(target) : null),
      h('p', null, targetScore !== undefined ? `Score ${fmt(targetScore)}` : '', delta !== undefined ? ` (${signed(delta)} from here)` : ''),
      entries.length ? h('ul', { class: 'small step-list' }, entries.map(([ind, v]) => h('li', null,
        h('span', { class: 'step-ind' }, `${INDICATOR_LABELS[ind] ?? ind} `), describe(v)))) : null);
  }

  profile(c) {
    const profile = first(c, 'profile');
    let rows = [];
    if (Array.isArray(profile)) rows = profile.map((p) => [text(first(p, 'indicator', 'id', 'name')), p]);
    else if (profile && typeof profile === 'object') rows = Object.entries(profile);
    const consistent = first(c, 'profileConsistent');
    const levelName = levelId(first(c, 'level'));
    const rangeText = (p) => {
      const e = first(p, 'expected', 'range', 'expectedRange');
      if (!e) return '—';
      if (typeof e === 'string') return e;
      if (typeof e.text === 'string' && e.text) return e.text;
      if (Array.isArray(e)) return `[${e.map((v) => fmt(v)).join(', ')}]`;
      const lo = first(e, 'min', 'lower', 'low');
      const hi = first(e, 'max', 'upper', 'high');
      if (lo !== undefined && hi !== undefined) return `[${fmt(lo)}, ${fmt(hi)}]`;
      if (lo !== undefined) return `≥ ${fmt(lo)}`;
      if (hi !== undefined) return `≤ ${fmt(hi)}`;
      return text(e);
    };
    return h('div', { class: 'profile', 'data-field': 'profile' },
      h('h3', { class: 'h-small' }, `Profile check against ${levelName ?? 'the level'}: `,
        consistent === undefined ? null : h('span', { class: `tag ${consistent ? 'ok' : 'warn'}`, 'data-field': 'profile-consistent' }, consistent ? 'consistent' : 'inconsistent')),
      rows.length ? h('div', { class: 'table-wrap' }, labelCells(h('table', { class: 'data compact profile-table' },
        h('thead', null, h('tr', null, ['Indicator', 'Value', 'Expected', 'Inside'].map((x) => h('th', { scope: 'col' }, x)))),
        h('tbody', null, rows.map(([ind, p]) => {
          const inside = first(p, 'inside', 'ok', 'within');
          return h('tr', { class: inside === false ? 'outside' : null },
            h('th', { scope: 'row' }, INDICATOR_LABELS[ind] ?? ind),
            h('td', { class: 'num' }, fmt(first(p, 'value'))),
            h('td', null, rangeText(p)),
            h('td', null, inside === undefined ? '—' : inside ? 'yes' : h('strong', null, 'no')));
        }))))) : h('p', { class: 'muted small' }, 'No profile for this level.'),
      h('p', { class: 'small muted' }, 'The source’s profiles and thresholds disagree; both are reported, neither is forced.'));
  }
}
