import { isMap, isScalar, isSeq, Node, Scalar } from 'yaml';
import type { ManifestDocument } from './document';
import { keyText } from './yaml/toPlain';

/**
 * `${VAR}` as Convox sees it (v3 and v2 `pkg/manifest/helpers.go` `interpolate`): before parsing, every match of
 * `\$\{([^}]*?)\}` in the raw text is replaced by the app environment's value for the text between the braces, or by
 * nothing. There is no default syntax and no escape, and `$VAR` without braces stays as written.
 */
export const INTERPOLATION = /\$\{([^}]*?)\}/g;

/** A variable name as `convox env set` accepts it and as shells write it. */
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A key or value of the manifest with the path of keys and indexes that leads to it (aliases not followed). */
export interface ScalarAt {
  node: Scalar;
  path: (string | number)[];
  inKey: boolean;
}

export interface Interpolation {
  /** Document offsets of the whole `${...}`. */
  start: number;
  end: number;
  /** The text between the braces: the name Convox looks up. */
  inner: string;
  /** Set when `inner` is a plain variable name. */
  name?: string;
  /** Shell parameter expansion Convox does not have: `${VAR:-default}`, `${VAR-x}`, `${VAR:=x}`, ... */
  shell?: { name: string; operator: string; word: string };
  scalar: ScalarAt;
}

const scalarCache = new WeakMap<ManifestDocument, ScalarAt[]>();
const SUBTREES = new WeakMap<object, { section: string | number; entry: string | number; list: ScalarAt[] }>();
const interpolationCache = new WeakMap<ManifestDocument, Interpolation[]>();

/**
 * Every scalar key and value of the first document whose source text holds a `$`, in file order: the only ones the
 * interpolation checks look at (`${VAR}`, `$VAR`). Keeping just these keeps a large manifest's list short.
 */
export function dollarScalars(document: ManifestDocument): ScalarAt[] {
  let found = scalarCache.get(document);
  if (found) return found;
  found = [];
  let out = found;
  const text = document.text;
  // The scalars under an entry of a section (a service's body, say) are kept with the node: unchanged entries keep
  // their nodes from one version to the next (DocumentCache), and with them these paths. Looked up before the entry's
  // path is built, so a keystroke costs nothing per unchanged service.
  const reused = (node: unknown, section: string | number, entry: string | number): boolean => {
    const known = node && typeof node === 'object' ? SUBTREES.get(node) : undefined;
    if (!known || known.section !== section || known.entry !== entry) return false;
    for (const item of known.list) out.push(item);
    return true;
  };
  const walk = (node: unknown, path: (string | number)[], depth: number) => {
    if (!node || depth > 256) return;
    let memo: { section: string | number; entry: string | number; list: ScalarAt[] } | undefined;
    if (depth === 2 && typeof node === 'object') {
      memo = { section: path[0], entry: path[1], list: [] };
      out = memo.list;
    }
    if (isScalar(node)) {
      if (hasDollar(text, node)) out.push({ node, path, inKey: false });
    } else if (isMap(node)) {
      for (const pair of node.items) {
        const key = keyText(pair.key);
        if (isScalar(pair.key) && hasDollar(text, pair.key)) out.push({ node: pair.key, path: [...path, key], inKey: true });
        if (depth === 1 && reused(pair.value, path[0], key)) continue;
        walk(pair.value, [...path, key], depth + 1);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        if (depth !== 1 || !reused(item, path[0], index)) walk(item, [...path, index], depth + 1);
      });
    }
    if (memo) {
      SUBTREES.set(node as object, memo);
      out = found;
      for (const item of memo.list) out.push(item);
    }
  };
  walk(document.yaml.contents as Node | null, [], 0);
  scalarCache.set(document, out);
  return out;
}

function hasDollar(text: string, node: Scalar): boolean {
  const range = node.range;
  if (!range) return false;
  for (let at = range[0]; at < range[1]; at++) if (text.charCodeAt(at) === 36) return true;
  return false;
}

/** Every `${...}` written in a key or value (not in comments, where Convox's substitution changes nothing). */
export function interpolations(document: ManifestDocument): Interpolation[] {
  let found = interpolationCache.get(document);
  if (found) return found;
  found = [];
  for (const scalar of dollarScalars(document)) {
    const range = scalar.node.range;
    if (!range) continue;
    // A string whose value has no `$` was written without `${` (escapes only add characters to the source).
    const value = scalar.node.value;
    if (typeof value === 'string' && !value.includes('$')) continue;
    const text = document.text.slice(range[0], range[1]);
    if (!text.includes('${')) continue;
    for (const match of text.matchAll(INTERPOLATION)) {
      const inner = match[1];
      const start = range[0] + match.index;
      const item: Interpolation = { start, end: start + match[0].length, inner, scalar };
      if (VARIABLE_NAME.test(inner)) item.name = inner;
      const shell = /^([A-Za-z_][A-Za-z0-9_]*)(:?[-=?+])([\s\S]*)$/.exec(inner);
      if (shell) item.shell = { name: shell[1], operator: shell[2], word: shell[3] };
      found.push(item);
    }
  }
  interpolationCache.set(document, found);
  return found;
}
