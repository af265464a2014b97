import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeFile } from '../../server/src/service/text/decode';

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))));

test('UTF-16 with a byte order mark is decoded (without the mark); UTF-8 keeps its mark', () => {
  assert.deepEqual(decodeFile(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a: é😀\n', 'utf16le')])), { text: 'a: é😀\n' });
  assert.deepEqual(decodeFile(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('a: é\n', 'utf16le').swap16()])), { text: 'a: é\n' });
  assert.deepEqual(decodeFile(bytes([0xef, 0xbb, 0xbf], 'a: é😀 \ufffd\n')), { text: '\ufeffa: é😀 \ufffd\n' });
});

test('the first sequence that is not UTF-8 is found, at its offset in the decoded text', () => {
  const cases: [number[], string][] = [
    [[0xe9], 'Latin-1 é'],
    [[0x80], 'a lone continuation byte'],
    [[0xc0, 0x80], 'an overlong NUL'],
    [[0xe0, 0x80, 0xaf], 'an overlong /'],
    [[0xed, 0xa0, 0x80], 'a surrogate'],
    [[0xf4, 0x90, 0x80, 0x80], 'past U+10FFFF'],
    [[0xf5, 0x80, 0x80, 0x80], 'a lead byte no sequence has'],
    [[0xe2, 0x82, 0x41], 'a sequence cut short by an ASCII byte'],
    [[0xe2, 0x82], 'a sequence cut short by the end'],
  ];
  for (const [sequence, what] of cases) {
    const decoded = decodeFile(bytes('a: é😀', sequence, '\n'));
    assert.equal(decoded.invalidUtf8At, 'a: é😀'.length, what);
    assert.equal(decoded.text.charAt(decoded.invalidUtf8At!), '\ufffd', what);
  }
});
