import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseNginx, walkNginx } from '../nginx/parse';
import { versionedEdit } from './fix';

/** An nginx file as the client has it open. */
export interface NginxText {
  uri: string;
  version: number;
  text: string;
}

/**
 * Quick fixes in nginx files (not manifests, so not in `QUICK_FIXES`): for `nginx-host-header`, set the Host header
 * to `$proxy_host` (the upstream's own name, what nginx sends by default) or remove the directive.
 */
export function nginxCodeActions(file: NginxText, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  const relevant = diagnostics.filter((d) => d.source === 'convox' && d.code === 'nginx-host-header');
  if (!relevant.length) return actions;
  const lines = TextDocument.create(file.uri, 'nginx', file.version, file.text);
  const config = parseNginx(file.text);
  const text = file.text;
  const edit = (start: number, end: number, newText: string): TextEdit => ({ range: { start: lines.positionAt(start), end: lines.positionAt(end) }, newText });
  for (const diagnostic of relevant) {
    const offset = lines.offsetAt(diagnostic.range.start);
    let directive;
    for (const [candidate] of walkNginx(config.directives)) {
      if (candidate.start === offset && candidate.name === 'proxy_set_header' && candidate.args[0]?.value.toLowerCase() === 'host' && candidate.args[1]) directive = candidate;
    }
    if (!directive) continue;
    const value = directive.args[1];
    actions.push({
      title: 'Use $proxy_host',
      kind: 'quickfix',
      diagnostics: [diagnostic],
      isPreferred: true,
      edit: versionedEdit(file, [edit(value.start, value.end, '$proxy_host')]),
    });
    // The whole line when the directive stands alone on it (a comment after it goes too), else just its text.
    const lineStart = text.lastIndexOf('\n', directive.start - 1) + 1;
    const newline = text.indexOf('\n', directive.end);
    const lineEnd = newline === -1 ? text.length : newline + 1;
    const alone = text.slice(lineStart, directive.start).trim() === '' && /^\s*(#.*)?$/.test(text.slice(directive.end, newline === -1 ? text.length : newline));
    let end = directive.end;
    while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
    actions.push({
      title: 'Remove proxy_set_header Host',
      kind: 'quickfix',
      diagnostics: [diagnostic],
      edit: versionedEdit(file, [alone ? edit(lineStart, lineEnd, '') : edit(directive.start, end, '')]),
    });
  }
  return actions;
}
