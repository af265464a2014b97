import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CORPUS } from '../helpers/corpus';
import { Random } from './prng';

/** One generated input: how it was made (for the report and the failures folder) and its text. */
export interface FuzzInput {
  name: string;
  text: string;
}

export interface Corpus {
  manifests: FuzzInput[];
  compose: FuzzInput[];
  procfiles: FuzzInput[];
  appJson: FuzzInput[];
}

const EXAMPLES = path.resolve(__dirname, '../../../examples');

function readFolder(folder: string, accept: (name: string) => boolean): FuzzInput[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter(accept)
    .sort()
    .map((name) => ({ name: `${path.basename(folder)}/${name}`, text: readFileSync(path.join(folder, name), 'utf8') }));
}

/** The real files the mutations start from: the corpus manifests, compose files, Procfiles, and the examples. */
export function loadCorpus(): Corpus {
  const yaml = (name: string) => /\.ya?ml$/.test(name);
  const manifests = [
    ...readFolder(path.join(CORPUS, 'convox'), yaml),
    ...readFolder(path.join(CORPUS, 'convox-invalid'), yaml),
    ...readFolder(path.join(EXAMPLES, 'mistakes'), yaml),
    ...readFolder(path.join(EXAMPLES, 'rails-app'), yaml),
  ];
  const compose = [...readFolder(path.join(CORPUS, 'compose'), yaml), ...readFolder(path.join(CORPUS, 'compose-invalid'), yaml)];
  const procfiles = readFolder(path.join(CORPUS, 'procfile'), (name) => /Procfile/.test(name));
  const appJson = readFolder(path.join(CORPUS, 'procfile'), (name) => name.endsWith('app.json'));
  if (!manifests.length) manifests.push({ name: 'fallback', text: 'services:\n  web:\n    build: .\n    port: 3000\n' });
  return { manifests, compose, procfiles, appJson };
}

/** YAML and Convox fragments the mutations insert: syntax of every kind, keys the checks read, odd characters. */
const TOKENS = [
  ': ', ':', '- ', '-', '? ', '#', ' # comment', '\n', '\r\n', '\r', '\t', '  ', '    ', '\n  ', '\n    - ',
  '[', ']', '{', '}', ',', '[]', '{}', '"', "'", '\\', '|', '|-', '|+', '>', '>-', '|2', '>9', '&a ', '*a', '&b ',
  '*b', '&a', '*', '&', '<<: *a', '<<: [*a, *b]', '"<<": *a', '<<:', '!', '!!', '!!str ', '!!int ', '!!float ',
  '!!bool ', '!!null ', '!!map ', '!!seq ', '!!binary ', '!!timestamp ', '!!set ', '!!omap ', '!!pairs ', '!!merge ',
  '!<tag:yaml.org,2002:str> ', '!custom ', '!reset ', '!override ', '%YAML 1.1\n', '%YAML 1.2\n---\n',
  '%TAG ! tag:example.com,2000:\n---\n', '---\n', '...\n', '--- ', '${', '${VAR}', '${VAR:-x}', '$VAR', '${A:-${B}}',
  '$$', 'services:', 'resources:', 'timers:', 'balancers:', 'configs:', 'environment:', 'build: .', 'image: x',
  'port: 3000', 'ports:', 'health: /', 'health:', 'scale:', 'count: 0', 'cpu: 256', 'memory: 512', 'command: x',
  'domain: x', 'links:', 'volumes:', 'labels:', 'type: postgres', 'options:', 'schedule: "* * * * *"', 'service: web',
  'agent: true', 'internal: true', 'deployment:', 'minimum: 50', 'maximum: 200', 'templates:', 'whitelist: x',
  'web', 'worker', 'database', '0x1F', '0o17', '0777', '1_000', '1e1000', '-.inf', '.nan', '99999999999999999999999',
  '1:20', '~', 'null', 'yes', 'off', 'y', 'N', '2001-12-14t21:59:43.10-05:00', '\u00a0', '\ufeff', '\u2028', '\u0000',
  '\ud800', '\udfff', '\u202e', '😀', 'é', '\u0085', '\x7f', '\x1b[31m',
];

const KEYS = ['services', 'web', 'worker', 'resources', 'database', 'environment', 'build', 'port', 'health', 'scale', 'timers', 'balancers', 'image', 'command'];

function insertAt(text: string, at: number, piece: string): string {
  return text.slice(0, at) + piece + text.slice(at);
}

function lines(text: string): string[] {
  return text.split('\n');
}

/** One random edit of the kind a person (or a broken tool) makes. */
function mutateOnce(random: Random, text: string): string {
  const at = random.int(text.length + 1);
  switch (random.int(14)) {
    case 0: // delete a span
      return text.slice(0, at) + text.slice(Math.min(text.length, at + random.between(1, 40)));
    case 1: {
      // duplicate a span
      const end = Math.min(text.length, at + random.between(1, 200));
      return insertAt(text, random.int(text.length + 1), text.slice(at, end));
    }
    case 2:
    case 3:
      return insertAt(text, at, random.pick(TOKENS));
    case 4: {
      // change one line's indentation
      const list = lines(text);
      const i = random.int(list.length);
      list[i] = random.chance(0.5) ? list[i].replace(/^ {1,4}/, '') : random.pick([' ', '  ', '\t', '    ', ' \t']) + list[i];
      return list.join('\n');
    }
    case 5: {
      const list = lines(text);
      const i = random.int(list.length);
      const j = random.int(list.length);
      [list[i], list[j]] = [list[j], list[i]];
      return list.join('\n');
    }
    case 6: // line endings: CRLF, CR or a mix
      return random.pick([() => text.replace(/\r?\n/g, '\r\n'), () => text.replace(/\r?\n/g, '\r'), () => text.replace(/\n/g, () => random.pick(['\n', '\r\n', '\r']))])();
    case 7: // half-typed: the file stops mid-way
      return text.slice(0, at);
    case 8: {
      // a word replaced by a key, a number or an anchor
      return text.replace(/[A-Za-z_][\w-]*/g, (word) => (random.chance(0.02) ? random.pick([...KEYS, '&a ' + word, '*a', '42', '""', "''", '[x]', '{a: 1}']) : word));
    }
    case 9:
      return '\ufeff' + text;
    case 10: {
      // a line repeated, nested one level deeper
      const list = lines(text);
      const i = random.int(list.length);
      list.splice(i + 1, 0, '  ' + list[i]);
      return list.join('\n');
    }
    case 11:
      return insertAt(text, at, random.pick(['a'.repeat(random.between(100, 5000)), ' '.repeat(random.between(100, 2000)), '#'.repeat(500), '\n'.repeat(50)]));
    case 12:
      return text + random.pick(['\n---\n', '\n...\n', '\n--- !!map\n', '\n---\nservices: {}\n']) + text.slice(0, random.int(200));
    default: {
      // the same key again (duplicate keys), or an anchor and its alias around the text
      const list = lines(text);
      const i = random.int(list.length);
      return random.chance(0.5) ? [...list.slice(0, i + 1), list[i], ...list.slice(i + 1)].join('\n') : `x-base: &a\n  build: .\n${text}\n  <<: *a\n`;
    }
  }
}

/** A corpus text after one to six random edits. */
export function mutate(random: Random, text: string): string {
  let out = text;
  for (let n = random.between(1, 6); n > 0; n--) out = mutateOnce(random, out);
  return out;
}

function randomText(random: Random, length: number): string {
  const mode = random.int(4);
  if (mode === 0) {
    // random bytes read as UTF-8, as an editor decodes a binary file (invalid sequences become U+FFFD)
    const bytes = Buffer.alloc(length);
    for (let i = 0; i < length; i++) bytes[i] = random.int(256);
    return bytes.toString('utf8');
  }
  if (mode === 1) return Array.from({ length }, () => String.fromCharCode(random.int(0x10000))).join(''); // lone surrogates included
  if (mode === 2) return Array.from({ length }, () => random.pick([' ', '\n', '-', ':', '[', '{', ']', '}', ',', '"', "'", '&', '*', '!', '|', '>', '#', 'a', '\t', '\r', '?', '%', '@', '`'])).join('');
  return Array.from({ length }, () => String.fromCharCode(random.between(32, 126))).join('');
}

/** Hostile and odd documents, by name, each a function of the nesting or repetition size. */
const SPECIAL: Record<string, (n: number, pick: number) => string> = {
  'deep-flow-seq': (n) => `services:\n  web:\n    command: ${'['.repeat(n)}x${']'.repeat(n)}\n`,
  'deep-flow-map': (n) => `services:\n  web:\n    environment: ${'{a: '.repeat(n)}1${'}'.repeat(n)}\n`,
  'deep-compact-seq': (n) => `services:\n  web:\n    command:\n      ${'- '.repeat(n)}x\n`,
  'deep-block-map': (n) => `services:\n${Array.from({ length: Math.min(n, 600) }, (_, i) => `${' '.repeat(2 + i)}k${i}:`).join('\n')} x\n`,
  'deep-unclosed': (n) => `services:\n  web:\n    build: ${'[{'.repeat(n)}\n  worker:\n    build: .\n`,
  'billion-laughs': (n) => {
    let text = 'x0: &x0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
    for (let i = 1; i < Math.min(n, 12); i++) text += `x${i}: &x${i} [${Array(10).fill(`*x${i - 1}`).join(', ')}]\n`;
    return `${text}services:\n  web:\n    command: *x${Math.min(n, 12) - 1}\n`;
  },
  'merge-bomb': (n) => {
    let text = 'x0: &x0 {build: ., port: 3000}\n';
    for (let i = 1; i < Math.min(n, 40); i++) text += `x${i}: &x${i}\n  <<: [*x${i - 1}, *x${i - 1}]\n  k${i}: *x${i - 1}\n`;
    return `${text}services:\n  web:\n    <<: *x${Math.min(n, 40) - 1}\n`;
  },
  'merge-chain': (n) => {
    let text = 'x0: &x0 {build: .}\n';
    for (let i = 1; i < n; i++) text += `x${i}: &x${i}\n  <<: *x${i - 1}\n`;
    return `${text}services:\n  web:\n    <<: *x${n - 1}\n`;
  },
  'alias-chain': (n) => {
    let text = 'x0: &x0 [1]\n';
    for (let i = 1; i < n; i++) text += `x${i}: &x${i} [*x${i - 1}]\n`;
    return `${text}services:\n  web:\n    command: *x${n - 1}\n`;
  },
  'self-merge': () => 'services:\n  web: &web\n    <<: *web\n    build: .\n    resources: [db]\n  worker:\n    <<: *web\nresources:\n  db: &db\n    <<: [*db, *db]\n    type: postgres\n',
  'self-alias': () => 'services: &s\n  web: *s\n  worker: &w [*w, *s]\nresources: &r\n  <<: *r\n',
  'many-aliases': (n) => `x: &a "1"\nservices:\n  web:\n    command: [${Array(n).fill('*a').join(', ')}]\n`,
  'redefined-anchors': (n) => `${Array.from({ length: n }, (_, i) => `x${i}: &a v${i}`).join('\n')}\nservices:\n  web:\n    command: [${Array(n).fill('*a').join(', ')}]\n`,
  'alias-keys': () => 'k: &k web\nservices:\n  *k : {build: .}\n  ? [a, b]\n  : c\n  ? &m {x: 1}\n  : d\n  *undefined : e\n',
  'every-tag': () =>
    [
      '%YAML 1.1',
      '%TAG !e! tag:example.com,2000:app/',
      '---',
      'services: !!map',
      '  web: !!map',
      '    build: !!str .',
      '    port: !!int "3000"',
      '    scale: !!map {count: !!float 1.5, cpu: !!bool yes}',
      '    command: !!seq [!!null ~, !!binary aGVsbG8=, !!timestamp 2001-12-14, !e!thing x]',
      '    environment: !!set {? A, ? B}',
      '    labels: !!omap [a: 1, b: 2]',
      '    health: !!pairs [path: /, interval: 5]',
      '    image: !<tag:yaml.org,2002:str> x',
      '    domain: !local x',
      '    internal: !!bool maybe',
      '    links: !!merge x',
      '    <<: !!merge {x: 1}',
      '',
    ].join('\n'),
  'multi-document': (n) => Array.from({ length: Math.min(n, 200) }, (_, i) => `--- # doc ${i}\nservices:\n  web${i}:\n    build: .\n`).join('') + '...\n',
  'long-line': (n) => `services:\n  web:\n    command: ${'x'.repeat(n * 100)}\n    build: .\n`,
  'long-key': (n) => `services:\n  ${'w'.repeat(n * 10)}:\n    build: .\n`,
  'many-services': (n) => `services:\n${Array.from({ length: n }, (_, i) => `  s${i}:\n    build: .\n    port: ${3000 + i}\n    resources: [db${i % 7}]\n`).join('')}resources:\n  db0:\n    type: postgres\n`,
  'just-over-lines': () => `services:\n  web:\n    build: .\n${'#\n'.repeat(50_001)}`,
  'just-over-size': () => `services:\n  web:\n    command: ${'x'.repeat(1024 * 1024)}\n`,
  'interpolation': () => 'services:\n  ${SVC}:\n    image: ${IMAGE:-${FALLBACK:-x}}\n    port: ${PORT\n    environment:\n      - A=${\n      - ${B}=c\n      - "$$"\n',
  'block-scalars': () => 'services:\n  web:\n    command: |9\n      x\n    build: >-2\n    x\n    image: |+\n\n\n    port: >\n',
  'tabs-and-crlf': () => 'services:\r\n\tweb:\r\n  \t  build: .\r\n\r  worker:\r\n    image: x\t# tab\r\n',
  'numbers': () => 'services:\n  web:\n    port: 0x1F\n    scale:\n      count: 1e1000\n      cpu: -.inf\n      memory: .nan\n    timeout: 99999999999999999999999\n    grace: 0777\n    internal: 1:20\n',
  'empty-forms': (_n, pick) => ['', ' ', '\n', '\r', '\r\n', '#', '---', '...', '- ', ':', '?', '[', '{', '"', "'", '&', '*', '!', '|', '>', '%', '@', '`', '\ufeff', '\u0000'][pick % 25],
};

export const SPECIAL_NAMES = Object.keys(SPECIAL);

/** A hostile document: `name` from SPECIAL_NAMES at size `n` (nesting levels, repetitions). */
export function special(name: string, n: number, random?: Random): FuzzInput {
  const pick = random ? random.int(1000) : n;
  return { name: `${name}(${n}${name === 'empty-forms' ? `, ${pick % 25}` : ''})`, text: SPECIAL[name](n, pick) };
}

/** The next input: mostly corpus mutations, some random text, some hostile documents. */
export function nextInput(random: Random, corpus: FuzzInput[], options: { allowHuge: boolean }): FuzzInput {
  const roll = random.next();
  if (roll < 0.72) {
    const base = random.pick(corpus);
    return { name: `mutated ${base.name}`, text: mutate(random, base.text) };
  }
  if (roll < 0.82) return { name: 'random text', text: randomText(random, random.between(0, 2000)) };
  const names = SPECIAL_NAMES.filter((name) => options.allowHuge || (name !== 'just-over-size' && name !== 'just-over-lines'));
  const name = random.pick(names);
  const size = random.pick([2, 10, 50, 100, 101, 150, 500, 1000, 3000, 10_000]);
  return special(name, size, random);
}
