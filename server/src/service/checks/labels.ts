import type { Check } from '../diagnostics/rule';
import { entriesAt, isMap, keyLocation, schemaReportsName, services } from './support';

/** Label keys Convox sets itself (v3 manifest.go ReservedLabelKeys, checked in CombineLabels at load). */
export const RESERVED_LABEL_KEYS = ['system', 'rack', 'app', 'name', 'service', 'release', 'type'];

export const labels: Check = {
  rules: [{ code: 'reserved-label', severity: 'error', title: 'A label key Convox reserves for itself' }],
  run(context) {
    const { document, settings } = context;
    if (settings.target !== 'v3') return;
    // Only services that have labels: looked at on every keystroke, for every service.
    const places: (string | number)[][] = [['labels']];
    for (const [name, body] of services(document)) if (isMap(body?.labels)) places.push(['services', name, 'labels']);
    for (const base of places) {
      for (const [key] of entriesAt(document, base)) {
        if (!RESERVED_LABEL_KEYS.includes(key)) continue;
        const path = [...base, key];
        if (schemaReportsName(context, path)) continue;
        const location = keyLocation(document, path);
        if (!location) continue;
        context.report({
          code: 'reserved-label',
          location,
          message: `reserved label key '${key}' is not allowed. Convox sets this label itself; rename it (e.g. 'my-${key}').`,
          data: { key },
        });
      }
    }
  },
};
