import type { CodeAction } from 'vscode-languageserver-types';
import { isMap, Pair } from 'yaml';
import { keyText } from '../yaml/toPlain';
import { appendToMap, deleteEntry, insertAfterEntry, pairAt, replace, replaceScalar } from './edits';
import { dataNumber, dataText, FixContext, QuickFix, quickFix } from './fix';

const BLOCK = 'health:\n  path: /health\n  interval: 5\n  timeout: 4\n  grace: 5';
const FLOW_BLOCK = 'health: {path: /health, interval: 5, timeout: 4, grace: 5}';

/**
 * missing-health: add `health: /health` (or the map form) right after the service's `port:`, where it is easy to
 * find and edit. A code action cannot select the inserted path for the user, so it goes on its own line.
 */
function addHealth(context: FixContext): CodeAction[] {
  const { document, diagnostic } = context;
  const service = pairAt(document, document.offsetAt(diagnostic.range.start));
  const body = service?.pair.value;
  if (!isMap(body)) return [];
  const port = body.items.find((item) => keyText((item as Pair).key) === 'port') as Pair | undefined;
  const insert = (text: string) => (port ? insertAfterEntry(document, port, body, text) : appendToMap(document, body, text));
  return [
    quickFix('Add health: /health', context, [insert('health: /health')], true),
    quickFix('Add a health check block', context, [insert(body.flow ? FLOW_BLOCK : BLOCK)]),
  ];
}

export const healthFixes: QuickFix = {
  codes: ['missing-health', 'health-path', 'health-timing', 'health-without-port'],
  actions(context) {
    const { document, diagnostic } = context;
    const start = document.offsetAt(diagnostic.range.start);
    const end = document.offsetAt(diagnostic.range.end);
    switch (diagnostic.code) {
      case 'missing-health':
        return addHealth(context);
      case 'health-path': {
        // Only paths that need no escaping inside the scalar's quotes.
        const path = dataText(diagnostic, 'path');
        return path && !/["'\\]/.test(path) ? [quickFix('Prefix with /', context, [replaceScalar(document, start, end, path)], true)] : [];
      }
      case 'health-timing': {
        const timeout = dataNumber(diagnostic, 'timeout');
        if (timeout !== undefined) return [quickFix(`Set timeout to ${timeout}`, context, [replace(document, start, end, String(timeout))], true)];
        const grace = dataNumber(diagnostic, 'grace');
        if (grace !== undefined) return [quickFix(`Set grace to ${grace}`, context, [replace(document, start, end, String(grace))], true)];
        return [];
      }
      case 'health-without-port': {
        const found = pairAt(document, start);
        return found ? [quickFix(`Remove ${dataText(diagnostic, 'key') ?? document.text.slice(start, end)}`, context, [deleteEntry(document, found.pair, found.map)], true)] : [];
      }
      default:
        return [];
    }
  },
};
