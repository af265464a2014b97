import type { CodeAction } from 'vscode-languageserver-types';
import { isScalar, Node, Pair, Scalar } from 'yaml';
import { shellQuote } from '../text/shellQuote';
import { yamlString } from '../text/yamlQuote';
import { keyText } from '../yaml/toPlain';
import { columnOf, eol, pairAt, replace } from './edits';
import { dataNumber, FixContext, QuickFix, quickFix } from './fix';

/** Characters that need a shell: v3 runs `initContainer.command` split into words, without one. */
const NEEDS_SHELL = /[;&|<>`$*?~(){}]|^\s*[A-Za-z_][A-Za-z0-9_]*=/;

/** heroku-port: the dynamic port becomes the service's declared port. */
export const herokuPortFixes: QuickFix = {
  codes: ['heroku-port'],
  actions(context) {
    const { document, diagnostic } = context;
    const port = dataNumber(diagnostic, 'port');
    if (port === undefined) return [];
    const start = document.offsetAt(diagnostic.range.start);
    const end = document.offsetAt(diagnostic.range.end);
    return [quickFix(`Replace with ${port}`, context, [replace(document, start, end, String(port))], true)];
  },
};

/**
 * release-key (v3): `release: <cmd>` becomes `initContainer:\n  command: <cmd>`, wrapped in `sh -c` when the command
 * uses shell syntax (`&&`, variables), since v3 does not run commands through a shell.
 */
export const releaseKeyFixes: QuickFix = {
  codes: ['release-key'],
  actions(context: FixContext): CodeAction[] {
    const { document, diagnostic, settings } = context;
    if (settings.target !== 'v3') return [];
    const found = pairAt(document, document.offsetAt(diagnostic.range.start));
    if (!found || found.map.flow) return [];
    if (found.map.items.some((item) => keyText((item as Pair).key) === 'initContainer')) return [];
    const key = found.pair.key as Node;
    const value = found.pair.value as Node | null;
    if (!isScalar(value) || !value.range || typeof value.value !== 'string' || value.value.trim() === '') return [];
    const scalar = value as Scalar;
    if (scalar.type === 'BLOCK_LITERAL' || scalar.type === 'BLOCK_FOLDED') return [];
    const raw = document.text.slice(scalar.range![0], scalar.range![1]);
    if (raw.includes('\n')) return [];
    const command = String(scalar.value);
    let text = raw;
    if (NEEDS_SHELL.test(command)) text = yamlString(`sh -c ${shellQuote(command)}`);
    const indent = ' '.repeat(columnOf(document, key.range![0]));
    const newText = `initContainer:${eol(document)}${indent}  command: ${text}`;
    return [quickFix('Convert to initContainer', context, [replace(document, key.range![0], scalar.range![1], newText)], true)];
  },
};
