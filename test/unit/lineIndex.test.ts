import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ManifestDocument } from '../../server/src/service/document';
import { LineIndex } from '../../server/src/service/text/lineIndex';
import { changedSpan } from '../../server/src/service/yaml/incremental';
import { Random } from '../fuzz/prng';

const PIECES = ['a', 'bc', ' ', '\n', '\r', '\r\n', '\n\n', 'é', '😀'];

function randomText(random: Random, length: number): string {
  let text = '';
  while (text.length < length) text += random.pick(PIECES);
  return text;
}

/** Every offset (and a few outside the text: positions and lines) and every position (and past line ends, lines, the text) agree. */
function assertSameAsTextDocument(index: LineIndex, text: string, what: string): void {
  const reference = TextDocument.create('file:///t', 'plaintext', 1, text);
  assert.equal(index.lineCount, reference.lineCount, `${what}: line count`);
  for (let offset = -2; offset <= text.length + 2; offset++) {
    assert.deepEqual(index.positionAt(offset), reference.positionAt(offset), `${what}: positionAt(${offset}) in ${JSON.stringify(text)}`);
    assert.equal(index.lineAt(offset), reference.positionAt(offset).line, `${what}: lineAt(${offset}) in ${JSON.stringify(text)}`);
  }
  for (let line = -1; line <= reference.lineCount + 1; line++) {
    for (let character = -1; character <= 8; character++) {
      const position = { line, character };
      assert.equal(index.offsetAt(position), reference.offsetAt(position), `${what}: offsetAt(${line}:${character}) in ${JSON.stringify(text)}`);
    }
  }
}

test('line index: positions and offsets as a TextDocument counts them, for \\n, \\r\\n and lone \\r', () => {
  const random = new Random(0x11e5);
  for (const text of ['', '\n', '\r', '\r\n', 'a\r\nb', 'a\rb\n', 'a\n\rb', 'x\r\r\n']) assertSameAsTextDocument(LineIndex.of(text), text, 'fixed');
  for (let round = 0; round < 300; round++) {
    const text = randomText(random, random.int(40));
    assertSameAsTextDocument(LineIndex.of(text), text, `round ${round}`);
  }
});

test('line index: derived through a chain of edits, it equals the index of the edited text', () => {
  const random = new Random(0xed17);
  for (let chain = 0; chain < 60; chain++) {
    let text = randomText(random, random.int(30));
    let index = LineIndex.of(text);
    index.positionAt(0); // the lines of the first version are known, so the next ones are derived
    for (let step = 0; step < 12; step++) {
      // Edits at the places that matter most: inside a \r\n, next to line breaks, at either end.
      const from = random.int(text.length + 1);
      const to = Math.min(text.length, from + random.int(6));
      const edited = text.slice(0, from) + randomText(random, random.int(4)) + text.slice(to);
      const { start, suffix } = changedSpan(text, edited);
      index = LineIndex.edited(index, edited, start, text.length - suffix, edited.length - suffix);
      text = edited;
      assertSameAsTextDocument(index, text, `chain ${chain}, step ${step}`);
    }
  }
});

test('a manifest version edited from one whose lines were read gets its line index derived, and right', () => {
  const first = new ManifestDocument('file:///convox.yml', 1, 'services:\r\n  web:\r\n    port: 3000\r\n');
  assert.deepEqual(first.range(13, 16), { start: { line: 1, character: 2 }, end: { line: 1, character: 5 } });
  const second = new ManifestDocument('file:///convox.yml', 2, 'services:\r\n  web:\r\n    build: .\r\n    port: 3000\r\n', first);
  assertSameAsTextDocument(second.lines, second.text, 'manifest');
  assert.deepEqual(second.range(37, 41), { start: { line: 3, character: 4 }, end: { line: 3, character: 8 } });
});
