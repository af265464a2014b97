import type { Check } from '../diagnostics/rule';
import { dollarScalars, ScalarAt } from '../interpolation';

/**
 * `$VAR` without braces: Convox only substitutes `${VAR}` (helpers.go `interpolate`), so `$VAR` stays in the value as
 * written. Reported only where a variable is clearly meant and nothing later expands it: domains, images,
 * environment defaults, resource options, labels and annotations; only for upper-case names (`$oauthtoken` and
 * nginx's `$host` are meant literally). Never in commands, which a shell may expand at run time.
 */
export const unbracedVariable: Check = {
  rules: [{ code: 'unbraced-variable', severity: 'information', title: 'A $VAR without braces, which Convox leaves as written' }],
  run(context) {
    const { document } = context;
    for (const scalar of dollarScalars(document)) {
      const part = checkedPart(scalar);
      if (!part || !scalar.node.range) continue;
      const text = document.text.slice(scalar.node.range[0], scalar.node.range[1]);
      for (const match of text.matchAll(/\$([A-Z_][A-Z0-9_]*)/g)) {
        const before = text[match.index - 1];
        if (before === '$' || before === '\\' || !/[A-Z]/.test(match[1])) continue;
        const start = scalar.node.range[0] + match.index;
        if (part === 'after-equals' && !text.slice(0, match.index).includes('=')) continue;
        context.report({
          code: 'unbraced-variable',
          location: { start, end: start + match[0].length },
          message: `"${match[0]}" is not interpolated: Convox only substitutes \${${match[1]}} (with braces), so "${match[0]}" stays in the ${WHAT[where(scalar.path)]}. Write \${${match[1]}} if you meant the app's environment variable.`,
          data: { name: match[1] },
        });
      }
    }
  },
};

type Place = 'domain' | 'image' | 'environment' | 'option' | 'label' | 'annotation';

const WHAT: Record<Place, string> = {
  domain: 'domain as written',
  image: 'image name as written',
  environment: 'environment default as written (nothing runs it through a shell)',
  option: 'resource option as written',
  label: 'label as written',
  annotation: 'annotation as written',
};

function where(path: (string | number)[]): Place {
  const [top, , key] = path;
  if (top === 'environment' || key === 'environment') return 'environment';
  if (top === 'resources') return 'option';
  if (top === 'labels' || key === 'labels') return 'label';
  if (key === 'domain') return 'domain';
  if (key === 'image') return 'image';
  return 'annotation';
}

/** Which part of a scalar is checked: all of it, only after `=` (`KEY=value` entries), or none. */
function checkedPart(scalar: ScalarAt): 'all' | 'after-equals' | undefined {
  if (scalar.inKey) return undefined;
  const path = scalar.path;
  const [top, name, key, index, inner] = path;
  if (top === 'environment') return path.length >= 2 && typeof name === 'number' ? 'after-equals' : undefined;
  if (top === 'labels') return path.length === 2 ? 'all' : undefined;
  if (top === 'resources') return key === 'options' && path.length === 4 ? 'all' : undefined;
  if (typeof name !== 'string') return undefined;
  if (top === 'services') {
    if (key === 'domain') return path.length === 3 || (path.length === 4 && typeof index === 'number') ? 'all' : undefined;
    if (key === 'image') return path.length === 3 ? 'all' : undefined;
    if (key === 'environment') return typeof index === 'number' && (path.length === 4 || (path.length === 5 && typeof inner === 'number')) ? 'after-equals' : undefined;
    if (key === 'labels') return path.length === 4 ? 'all' : undefined;
    if (key === 'annotations' || key === 'ingressAnnotations') return annotation(path);
  }
  if ((top === 'timers' || top === 'balancers') && key === 'annotations') return annotation(path);
  return undefined;
}

/** `- key=value` strings (the value part) and `- key: value` map items (the value). */
function annotation(path: (string | number)[]): 'all' | 'after-equals' | undefined {
  if (typeof path[3] !== 'number') return undefined;
  if (path.length === 4) return 'after-equals';
  return path.length === 5 && typeof path[4] === 'string' ? 'all' : undefined;
}
