import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Document, parseDocument } from 'yaml';
import { YAML_OPTIONS } from '../../server/src/service/document';
import { reparse } from '../../server/src/service/yaml/incremental';

// Node exposes `gc` only to code started with --expose-gc; a fresh context picks up the flag set now.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapUsed = () => {
  gc();
  return process.memoryUsage().heapUsed;
};

function manifest(services: number): string {
  const lines = ['services:'];
  for (let i = 0; i < services; i++) lines.push(`  svc-${i}:`, `    command: bin/start --queue queue-number-${i}`, `    image: registry.example.com/team/service-${i}:latest`, '    scale:', '      count: 1');
  return lines.join('\n') + '\n';
}

/** Sixty keystrokes, each in another service of a 1,000-service manifest, each parsed incrementally. */
function editEntries(): { edited: Document.Parsed; text: string } {
  let text = manifest(1000); // ~125 KB
  let edited = parseDocument(text, YAML_OPTIONS) as Document.Parsed;
  for (let i = 0; i < 60; i++) {
    const at = text.indexOf('count: 1', text.indexOf(`  svc-${i * 15}:`)) + 'count: 1'.length;
    const next = `${text.slice(0, at)}0${text.slice(at)}`;
    const spliced = reparse(text, edited, next, YAML_OPTIONS);
    assert.ok(spliced, `edit ${i} is parsed incrementally`);
    [edited, text] = [spliced, next];
  }
  return { edited, text };
}

test('editing many entries of a large file keeps no copies of its earlier texts', () => {
  // Once before measuring: the first run also allocates the incremental parse's compiled code and type feedback
  // (~0.8 MB), which a fresh parse, already run, does not.
  editEntries();
  const start = heapUsed();
  const { edited, text } = editEntries();
  const withEdited = heapUsed();
  const fresh = parseDocument(text, YAML_OPTIONS);
  const withBoth = heapUsed();
  assert.ok(edited.contents && fresh.contents);
  // The edited tree holds the final text (counted in its share here) and at most the first one, whose slices the
  // entries never edited may still hold: 0-0.2 MB more than a fresh parse of the final text. A copy of the text per
  // edit: ~7.5 MB.
  const extra = withEdited - start - (withBoth - withEdited);
  assert.ok(extra < 512 * 1024, `the edited tree holds ${(extra / 1048576).toFixed(2)} MB more than a fresh parse`);
});
