import type { Check } from '../diagnostics/rule';
import { field, gen1Manifest, goFormat, goKind, goString, textOf, valueLocation } from './model';

const KIB = 1024;
const BINARY: Record<string, number> = { k: KIB, m: KIB ** 2, g: KIB ** 3, t: KIB ** 4, p: KIB ** 5 };
/** Docker's minimum, as `Manifest.Validate` computes it: 4 * units.MB (decimal). */
const MINIMUM = 4 * 1000 * 1000;

/** `Memory.UnmarshalYAML` (docker go-units `RAMInBytes`) and the 4MB minimum of `Manifest.Validate`. */
export const memLimit: Check = {
  rules: [{ code: 'gen1-mem-limit', severity: 'error', title: 'A Gen1 mem_limit Convox cannot read or Docker rejects' }],
  run(context) {
    const { document } = context;
    for (const service of gen1Manifest(document).services) {
      const entry = field(service, 'mem_limit');
      if (!entry) continue;
      const kind = goKind(entry.value);
      if (kind === 'null') continue;
      const location = valueLocation(document, entry);
      let bytes: number;
      if (kind === 'str') {
        const { text, dynamic } = textOf(entry.value);
        if (dynamic) continue;
        const parsed = ramInBytes(text);
        if (typeof parsed === 'string') {
          context.report({ code: 'gen1-mem-limit', location, message: `${parsed}: mem_limit takes bytes or a size such as 256m, 512MB or 1g.` });
          continue;
        }
        bytes = parsed;
      } else if (kind === 'int' || kind === 'float') {
        bytes = Math.trunc(Number(goString(entry.value)));
      } else {
        context.report({ code: 'gen1-mem-limit', location, message: `could not parse mem_limit: ${goFormat(document, entry.value)}. mem_limit takes bytes or a size such as 256m, 512MB or 1g.` });
        continue;
      }
      if (bytes !== 0 && bytes < MINIMUM) {
        context.report({
          code: 'gen1-mem-limit',
          location,
          message: `${service.name} service has invalid mem_limit ${bytes} bytes (${Math.trunc(bytes / 1e6)} MB): should be either 0, or at least 4MB. Note a plain number is bytes; write a unit, e.g. 256m.`,
        });
      }
    }
  },
};

/** go-units `RAMInBytes`: the size in bytes, or Go's error text. */
export function ramInBytes(size: string): number | string {
  let sep = -1;
  for (let i = size.length - 1; i >= 0; i--) {
    if ('0123456789. '.includes(size[i])) {
      sep = i;
      break;
    }
  }
  if (sep === -1) return `invalid size: '${size}'`;
  const num = size[sep] !== ' ' ? size.slice(0, sep + 1) : size.slice(0, sep);
  let suffix = size.slice(sep + 1);
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(num)) return `strconv.ParseFloat: parsing "${num}": invalid syntax`;
  let value = Number(num);
  if (value < 0) return `invalid size: '${size}'`;
  if (suffix.length === 0) return Math.trunc(value);
  const bad = () => `invalid suffix: '${suffix}'`;
  if (suffix.length > 3) return bad();
  suffix = suffix.toLowerCase();
  if (suffix[0] === 'b') return suffix.length > 1 ? bad() : Math.trunc(value);
  const multiplier = BINARY[suffix[0]];
  if (!multiplier) return bad();
  value *= multiplier;
  if ((suffix.length === 2 && suffix[1] !== 'b') || (suffix.length === 3 && suffix.slice(1) !== 'ib')) return bad();
  return Math.trunc(value);
}
