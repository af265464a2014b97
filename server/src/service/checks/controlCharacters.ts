import type { Check } from '../diagnostics/rule';

/** The control characters yaml.v2's reader refuses (readerc.go): it fails on the first, wherever it is. */
export const CONTROL_CHARACTERS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]+/g;
const NAMES: Record<number, string> = { 0x00: 'null', 0x07: 'bell', 0x08: 'backspace', 0x0b: 'vertical tab', 0x0c: 'form feed', 0x1b: 'escape', 0x7f: 'delete', 0xfffe: 'noncharacter', 0xffff: 'noncharacter' };
/** A binary file has thousands: the first ones say what there is to say. */
const MAX_FINDINGS = 100;

/**
 * Control characters: yaml.v2 refuses them anywhere in a file, comments and quoted values included ("control
 * characters are not allowed"), so Convox cannot load the manifest; the `yaml` library accepts most of them. They come
 * from pasted terminal output (an escape sequence in a command), copied text, or a file that is not text. Each run of
 * them is one finding.
 */
export const controlCharacters: Check = {
  rules: [{ code: 'control-character', severity: 'error', title: 'A control character (or U+FFFE, U+FFFF), which yaml.v2 refuses anywhere in the file' }],
  run(context) {
    const { text, hasYamlV2Characters } = context.document;
    if (!hasYamlV2Characters) return;
    const runs = [...text.matchAll(CONTROL_CHARACTERS)];
    for (const [i, run] of runs.slice(0, MAX_FINDINGS).entries()) {
      const distinct = [...new Set(run[0])];
      const characters = distinct.slice(0, 5).map(describe).join(', ') + (distinct.length > 5 ? ', ...' : '');
      const noun = /[\ufffe\uffff]/.test(run[0]) ? 'character' : 'control character';
      const what = run[0].length === 1 ? `A ${noun} (${characters})` : `${run[0].length} ${noun}s (${characters})`;
      const more = i === MAX_FINDINGS - 1 && runs.length > MAX_FINDINGS ? ` (${runs.length - MAX_FINDINGS} more runs of them after this one are not reported.)` : '';
      context.report({
        code: 'control-character',
        location: { start: run.index!, end: run.index! + run[0].length },
        message: `${what} here: Convox reads manifests with yaml.v2, which refuses control characters (and U+FFFE, U+FFFF) anywhere in a file, comments and quoted values included, and cannot load it ("control characters are not allowed"). Remove ${run[0].length === 1 ? 'it' : 'them'}; in a double-quoted value, an escape such as "\\x1b" stands for the character.${more}`,
      });
    }
  },
};

function describe(character: string): string {
  const code = character.charCodeAt(0);
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return NAMES[code] ? `${hex}, ${NAMES[code]}` : hex;
}
