// Inputs of the benchmark: generated manifests of a given size, and the keystroke scripts played against every one.

/** A realistic v3 manifest with `count` services (~15 lines each), a few resources and timers that reference them. */
export function generateManifest(count) {
  const resources = Math.max(2, Math.round(count / 10));
  const lines = [
    `# Generated for the benchmark: ${count} services.`,
    'environment:',
    '  - NODE_ENV=production',
    '  - LOG_LEVEL=info',
    'resources:',
  ];
  for (let r = 0; r < resources; r++) {
    const name = `store-${pad(r)}`;
    lines.push(`  ${name}:`);
    if (r % 2 === 0) lines.push('    type: postgres', '    options:', '      storage: 20');
    else lines.push('    type: redis');
  }
  lines.push('services:');
  for (let s = 0; s < count; s++) {
    const name = `svc-${pad(s)}`;
    const resource = `store-${pad(s % resources)}`;
    lines.push(
      `  ${name}:`,
      `    build: ./${name}`,
      `    command: bin/start --queue ${name}`,
      '    environment:',
      `      - QUEUE=${name}`,
      '      - WORKERS=4',
      '    health:',
      '      path: /health',
      '      interval: 10',
      `    port: ${3000 + (s % 50)}`,
      '    resources:',
      `      - ${resource}`,
      '    scale:',
      `      count: ${1 + (s % 3)}`,
      '      cpu: 256',
      '      memory: 512',
    );
  }
  lines.push('timers:');
  for (let t = 0; t < Math.max(1, Math.round(count / 20)); t++) {
    lines.push(`  cleanup-${pad(t)}:`, `    schedule: "${t % 60} 3 * * ?"`, '    command: bin/cleanup', `    service: svc-${pad(t * 7 % count)}`);
  }
  return lines.join('\n') + '\n';
}

function pad(n) {
  return String(n).padStart(4, '0');
}

/** A small manifest with one schema error (`scael`, a misspelt key) on the returned line: both servers must flag it. */
export const BROKEN = {
  text: [
    'environment:',
    '  - PORT=3000',
    'resources:',
    '  database:',
    '    type: postgres',
    'services:',
    '  web:',
    '    build: .',
    '    port: 3000',
    '    health: /health',
    '    resources:',
    '      - database',
    '    scael:',
    '      count: 2',
    '',
  ].join('\n'),
  line: 12,
};

/**
 * The keystrokes a user makes in a manifest, as VS Code sends them (one incremental change per keystroke, Enter with
 * auto-indent as one change, a paste as one change), around the service at index `serviceIndex`:
 * typing a new key char by char, changing a number, and adding a service.
 * Returns the changes and the text after each one.
 */
export function editScript(text, serviceIndex = 0) {
  const doc = new Editable(text);
  const services = serviceLines(doc.text);
  if (services.length === 0) return { changes: [], texts: [] };
  const target = services[Math.min(serviceIndex, services.length - 1)];
  const childIndent = indentAfter(doc.text, target.end) ?? target.indent + '  ';

  // 1. A new key in the service: Enter at the end of its line, then `internal: true` typed.
  doc.insert(target.end, '\n' + childIndent);
  doc.type(target.end + 1 + childIndent.length, 'internal: true');

  // 2. A number changed: select-free editing, backspace over the digits and type new ones.
  const number = /^\s+[\w-]+: (\d{2,})\s*$/m.exec(doc.text.slice(target.start)) ?? /^\s+[\w-]+: (\d{2,})\s*$/m.exec(doc.text);
  if (number) {
    const base = number.input === doc.text ? 0 : target.start;
    const end = base + number.index + number[0].indexOf(number[1]) + number[1].length;
    doc.backspace(end, number[1].length);
    doc.type(end - number[1].length, String(Number(number[1]) + 1111).slice(0, number[1].length));
  }

  // 3. A new service before the target: Enter at the start of its line, the name typed, then two keys.
  const at = target.start;
  doc.insert(at, '\n');
  doc.type(at, target.indent + 'jobs:');
  let cursor = at + target.indent.length + 'jobs:'.length;
  doc.insert(cursor, '\n' + childIndent);
  cursor += 1 + childIndent.length;
  doc.type(cursor, 'build: .');
  cursor += 'build: .'.length;
  doc.insert(cursor, '\n' + childIndent + 'command: bin/jobs'); // pasted
  return { changes: doc.changes, texts: doc.texts };
}

/** Lines `  name:` directly under `services:`, with their offsets. */
export function serviceLines(text) {
  const header = /^services:[ \t]*(#.*)?$/m.exec(text);
  if (!header) return [];
  const from = header.index + header[0].length;
  const next = /^[^\s#]/m.exec(text.slice(from + 1));
  const section = text.slice(0, next ? from + 1 + next.index : text.length);
  const out = [];
  const re = /^([ \t]+)([A-Za-z0-9][\w.-]*):[ \t]*$/gm;
  re.lastIndex = from;
  let indent;
  for (let m; (m = re.exec(section)); ) {
    indent ??= m[1];
    if (m[1] === indent) out.push({ name: m[2], indent, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

function indentAfter(text, offset) {
  const m = /^\n([ \t]+)\S/.exec(text.slice(offset, offset + 200));
  return m?.[1];
}

/** Positions for hover and completion requests: `count` key lines spread evenly over the document. */
export function probePositions(text, count) {
  const lines = text.split('\n');
  const keys = [];
  lines.forEach((line, index) => {
    const m = /^(\s*(?:- )?)([A-Za-z][\w.-]*):/.exec(line);
    if (m) keys.push({ line: index, keyStart: m[1].length, keyEnd: m[1].length + m[2].length, lineEnd: line.length });
  });
  if (keys.length === 0) return [];
  const step = keys.length / Math.min(count, keys.length);
  const out = [];
  for (let i = 0; i < Math.min(count, keys.length); i++) out.push(keys[Math.floor(i * step)]);
  return out;
}

/** A text being edited: records each change as an LSP incremental change and the text after it. */
class Editable {
  constructor(text) {
    this.text = text;
    this.changes = [];
    this.texts = [];
  }

  insert(offset, inserted) {
    this.replace(offset, offset, inserted);
  }

  type(offset, typed) {
    for (let i = 0; i < typed.length; i++) this.insert(offset + i, typed[i]);
  }

  backspace(offset, count) {
    for (let i = 0; i < count; i++) this.replace(offset - i - 1, offset - i, '');
  }

  replace(start, end, inserted) {
    this.changes.push({ range: { start: positionAt(this.text, start), end: positionAt(this.text, end) }, text: inserted });
    this.text = this.text.slice(0, start) + inserted + this.text.slice(end);
    this.texts.push(this.text);
  }
}

export function positionAt(text, offset) {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}
