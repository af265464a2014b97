import type { Check } from '../diagnostics/rule';
import { UNUSUAL_LINE_BREAKS } from '../text/lineBreaks';

/**
 * yaml.v2 ends a line at NEL, LS and PS (yamlprivateh.go `is_break`); editors, the LSP and the `yaml` library (YAML
 * 1.2) do not. Such a character, pasted in with a value or left by a tool, makes Convox read another file than the
 * one shown: a comment that ends early, a value cut in two, often YAML it cannot load. What is checked here is the
 * file as shown, so the character is reported wherever it is, with fixes to make it a real line break or remove it.
 */
export const unusualLineBreaks: Check = {
  rules: [{ code: 'unusual-line-break', severity: 'error', title: 'A U+0085, U+2028 or U+2029 character, which yaml.v2 reads as a line break' }],
  run(context) {
    if (!context.document.hasYamlV2Characters) return;
    for (const { offset, name } of findUnusualLineBreaks(context.document.text)) {
      context.report({
        code: 'unusual-line-break',
        location: { start: offset, end: offset + 1 },
        message: `An invisible ${name} here: Convox reads manifests with yaml.v2, which ends a line at it, so it reads this file differently from how it shows (and is checked here). Replace it with a line break, or remove it.`,
      });
    }
  },
};

export function findUnusualLineBreaks(text: string): { offset: number; name: string }[] {
  const found: { offset: number; name: string }[] = [];
  for (const [character, name] of UNUSUAL_LINE_BREAKS) {
    for (let at = text.indexOf(character); at !== -1; at = text.indexOf(character, at + 1)) found.push({ offset: at, name });
  }
  return found.sort((a, b) => a.offset - b.offset);
}
