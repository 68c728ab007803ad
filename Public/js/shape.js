// Readers for the service's JSON. openapi/openapi.json fixes the field names it lists; where it leaves a shape
// open (a level given as an id or as an object, a list wrapped in an object), these accept both.

export const INDICATORS = ['adoption', 'standardization', 'controversy', 'maturity', 'completeness'];

export const INDICATOR_LABELS = {
  adoption: 'Adoption',
  standardization: 'Standardization',
  controversy: 'Controversy',
  maturity: 'Maturity',
  completeness: 'Completeness',
  research: 'Research',
};

export const LEVEL_IDS = ['L0', 'L1', 'L2', 'L3', 'L4'];

// A JSON array, or the first array inside a wrapper object such as {"technologies": [...]}.
export function asList(value, ...keys) {
  if (Array.isArray(value)) return value;
  if (value && typeof value === 'object') {
    for (const key of [...keys, 'items', 'data', 'results']) {
      if (Array.isArray(value[key])) return value[key];
    }
    const arrays = Object.values(value).filter(Array.isArray);
    if (arrays.length === 1) return arrays[0];
  }
  return [];
}

export function first(obj, ...keys) {
  if (!obj || typeof obj !== 'object') return undefined;
  for (const key of keys) {
    if (obj[key] !== undefined && obj[key] !== null) return obj[key];
  }
  return undefined;
}

export function levelId(level) {
  if (!level) return null;
  if (typeof level === 'string') return level;
  return level.id ?? null;
}

export function text(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(text).join(', ');
  return first(value, 'en', 'name', 'title', 'id', 'zh') ?? JSON.stringify(value);
}

export function techName(t) {
  if (!t) return '';
  const name = first(t, 'name', 'title', 'names');
  return name !== undefined ? text(name) : t.id;
}

// A trend is a direction string or an object {direction, slopePerYear, points}.
export function trendText(trend) {
  if (!trend) return '';
  if (typeof trend === 'string') return trend;
  return text(first(trend, 'direction', 'trend', 'id') ?? '');
}

export function num(value) {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

// Scores arrive rounded to 6 places; show them without trailing zeros (0.68, 0.8675).
export function fmt(value, digits = 6) {
  const n = num(value);
  if (n === null) return '—';
  return String(Number(n.toFixed(digits)));
}

export function pct(value) {
  const n = num(value);
  if (n === null) return '—';
  return `${Number((n * 100).toFixed(2))}%`;
}

export function signed(value) {
  const n = num(value);
  if (n === null) return '—';
  return (n > 0 ? '+' : n < 0 ? '−' : '±') + fmt(Math.abs(n));
}

// Spec values (domain.md §3), used only when a level object omits its interval.
const SPEC_BOUNDS = {
  L0: { lower: 0, upper: 0.3, lowerInclusive: true, upperInclusive: false },
  L1: { lower: 0.3, upper: 0.6, lowerInclusive: true, upperInclusive: true },
  L2: { lower: 0.6, upper: 0.8, lowerInclusive: false, upperInclusive: true },
  L3: { lower: 0.8, upper: 0.95, lowerInclusive: false, upperInclusive: true },
  L4: { lower: 0.95, upper: 1, lowerInclusive: false, upperInclusive: true },
};

function bound(side) {
  if (side === undefined || side === null) return { value: null, inclusive: null };
  if (typeof side === 'number') return { value: side, inclusive: null };
  return { value: num(first(side, 'value', 'bound', 'score')), inclusive: first(side, 'inclusive', 'closed') ?? null };
}

export function bounds(level) {
  const iv = first(level, 'interval', 'bounds', 'range', 'scoreInterval') ?? level ?? {};
  const lo = bound(first(iv, 'lower', 'min', 'low', 'from', 'lowerBound', 'start'));
  const hi = bound(first(iv, 'upper', 'max', 'high', 'to', 'upperBound', 'end'));
  const spec = SPEC_BOUNDS[levelId(level)] ?? {};
  const pick = (...vals) => vals.find((v) => v !== null && v !== undefined);
  return {
    lower: pick(lo.value, spec.lower, 0),
    upper: pick(hi.value, spec.upper, 1),
    lowerInclusive: Boolean(pick(lo.inclusive, first(iv, 'lowerInclusive', 'includesLower', 'lowerClosed', 'closedLower', 'minInclusive'), spec.lowerInclusive, true)),
    upperInclusive: Boolean(pick(hi.inclusive, first(iv, 'upperInclusive', 'includesUpper', 'upperClosed', 'closedUpper', 'maxInclusive'), spec.upperInclusive, true)),
  };
}

export function intervalText(b) {
  return `${b.lowerInclusive ? '[' : '('}${fmt(b.lower)}, ${fmt(b.upper)}${b.upperInclusive ? ']' : ')'}`;
}

// "2025-Q3" → 2025.5 (the quarter's start), "2025-07-01" → fractional year, 2025 → 2025.
export function yearOf(date) {
  if (typeof date === 'number') return date;
  if (typeof date !== 'string') return null;
  let m = date.match(/^(\d{4})-?Q([1-4])$/i);
  if (m) return Number(m[1]) + (Number(m[2]) - 1) / 4;
  m = date.match(/^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/);
  if (m) return Number(m[1]) + ((Number(m[2] || 1) - 1) + (Number(m[3] || 1) - 1) / 31) / 12;
  return null;
}
