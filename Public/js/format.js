// Number and date formatting for what the service sends. Field names and shapes are those of
// openapi/openapi.json; nothing here guesses at them.

// Scores arrive rounded to 6 places; show them without trailing zeros (0.68, 0.8675).
export function fmt(value, digits = 6) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '—';
  return String(Number(value.toFixed(digits)));
}

export function pct(value) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '—';
  return `${Number((value * 100).toFixed(2))}%`;
}

export function signed(value) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '—';
  return (value > 0 ? '+' : value < 0 ? '−' : '±') + fmt(Math.abs(value));
}

// A number typed into a form field, or null when it is not one.
export function parseNumber(raw) {
  const trimmed = String(raw).trim();
  if (trimmed === '' || !Number.isFinite(Number(trimmed))) return null;
  return Number(trimmed);
}

// An Interval of openapi/openapi.json ({lower, upper, lowerInclusive, upperInclusive}) as "(0.6, 0.8]".
export function intervalText(interval) {
  const { lower, upper, lowerInclusive, upperInclusive } = interval;
  return `${lowerInclusive ? '[' : '('}${fmt(lower)}, ${fmt(upper)}${upperInclusive ? ']' : ')'}`;
}

// A HistoryPoint date ("YYYY", "YYYY-Qn", "YYYY-MM" or "YYYY-MM-DD") as a fractional year.
export function yearOf(date) {
  let m = date.match(/^(\d{4})-Q([1-4])$/);
  if (m) return Number(m[1]) + (Number(m[2]) - 1) / 4;
  m = date.match(/^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/);
  if (m) return Number(m[1]) + ((Number(m[2] || 1) - 1) + (Number(m[3] || 1) - 1) / 31) / 12;
  return null;
}
