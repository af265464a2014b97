import type { CodeAction, Diagnostic, Range } from 'vscode-languageserver-types';
import type { ManifestDocument } from '../document';
import type { ConvoxSettings } from '../settings';
import { keepsAnchors, keepsNodeProperties } from './keep';
import type { QuickFix } from './fix';
import { keyFixes, referenceFixes } from './keyFixes';
import { nameFixes } from './nameFixes';
import { healthFixes } from './healthFixes';
import { herokuPortFixes, releaseKeyFixes } from './herokuFixes';
import { resourceFixes } from './resourceFixes';
import { composeFixes } from './composeFixes';
import { concurrencyFixes, scheduleFixes } from './timerFixes';
import { declareVariableFix, interpolationFixes } from './interpolationFixes';
import { controlCharacterFixes, directiveFixes, lineBreakFixes } from './yamlFixes';

/** Every quick fix provider; each declares the diagnostic codes it fixes. */
export const QUICK_FIXES: readonly QuickFix[] = [keyFixes, referenceFixes, nameFixes, healthFixes, herokuPortFixes, releaseKeyFixes, resourceFixes, composeFixes, scheduleFixes, concurrencyFixes, interpolationFixes, declareVariableFix, directiveFixes, controlCharacterFixes, lineBreakFixes];

const BY_CODE = new Map<string, QuickFix[]>();
for (const fix of QUICK_FIXES) for (const code of fix.codes) BY_CODE.set(code, [...(BY_CODE.get(code) ?? []), fix]);

/** Quick fixes for the diagnostics the client sends back with a code-action request. */
export function codeActions(document: ManifestDocument, _range: Range, diagnostics: Diagnostic[], settings: ConvoxSettings): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== 'convox' || typeof diagnostic.code !== 'string') continue;
    for (const fix of BY_CODE.get(diagnostic.code) ?? []) actions.push(...fix.actions({ document, diagnostic, settings }));
  }
  // Actions may share one edit (a "replace all" offered with each diagnostic it fixes): each edit is vetted once.
  const vetted = new Map<unknown, boolean>();
  return actions.filter((action) => {
    let keeps = vetted.get(action.edit);
    if (keeps === undefined) vetted.set(action.edit, (keeps = keepsAnchors(document, action) && keepsNodeProperties(document, action)));
    return keeps;
  });
}
