// The indicators the calculator offers: those the models of GET /models weigh. None is written
// into the page: a changed config/models.json shows up once the service reloads it.

// The indicators of the models (ModelTerm: indicator, weight, inverted), in the order they first
// appear, each with whether the models count it inverted (1 − value) and its id as a word
// ("controversy" → "Controversy").
export function indicatorsOf(models) {
  const byId = new Map();
  for (const model of models) {
    for (const term of model.terms) {
      const known = byId.get(term.indicator);
      if (known) known.inverted ||= term.inverted;
      else byId.set(term.indicator, { id: term.indicator, label: term.indicator.charAt(0).toUpperCase() + term.indicator.slice(1), inverted: term.inverted });
    }
  }
  return [...byId.values()];
}
