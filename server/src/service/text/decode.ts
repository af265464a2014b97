import type { Finding, RuleInfo } from '../diagnostics/rule';

/**
 * A file's bytes as yaml.v2 reads them (readerc.go `yaml_parser_determine_encoding`): UTF-16 when it starts with a
 * UTF-16 byte order mark (Windows PowerShell 5 writes `>` redirects that way), else UTF-8, failing at the first byte
 * sequence that is not UTF-8. Editors decode files themselves; the command line reads bytes and needs this.
 */
export interface DecodedFile {
  text: string;
  /** Offset in `text` of the first invalid UTF-8 sequence (decoded as U+FFFD), if any. */
  invalidUtf8At?: number;
}

export function decodeFile(bytes: Uint8Array): DecodedFile {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes) };
  // A UTF-8 byte order mark stays in the text, as the rest of convox-yml expects it (yaml skips it).
  const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
  const text = utf8.decode(bytes);
  const invalid = firstInvalidUtf8(bytes);
  return invalid === -1 ? { text } : { text, invalidUtf8At: utf8.decode(bytes.subarray(0, invalid)).length };
}

/** The byte offset of the first sequence that is not UTF-8 (overlong, surrogate, past U+10FFFF, cut short), or -1. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let at = 0; at < bytes.length; ) {
    const lead = bytes[at];
    if (lead < 0x80) {
      at++;
      continue;
    }
    // The length of the sequence, and the range its second byte must be in to be neither overlong nor out of range.
    const [length, low, high] =
      lead >= 0xc2 && lead <= 0xdf ? [2, 0x80, 0xbf]
      : lead === 0xe0 ? [3, 0xa0, 0xbf]
      : lead === 0xed ? [3, 0x80, 0x9f]
      : lead >= 0xe1 && lead <= 0xef ? [3, 0x80, 0xbf]
      : lead === 0xf0 ? [4, 0x90, 0xbf]
      : lead === 0xf4 ? [4, 0x80, 0x8f]
      : lead >= 0xf1 && lead <= 0xf3 ? [4, 0x80, 0xbf]
      : [0, 0, 0];
    if (!length || at + length > bytes.length || bytes[at + 1] < low || bytes[at + 1] > high) return at;
    for (let next = at + 2; next < at + length; next++) if ((bytes[next] & 0xc0) !== 0x80) return at;
    at += length;
  }
  return -1;
}

export const INVALID_ENCODING: RuleInfo = { code: 'invalid-encoding', severity: 'error', title: 'Bytes that are not UTF-8 (reported by the command line, which reads files itself)' };

export function invalidEncoding(offset: number): Finding {
  return {
    code: INVALID_ENCODING.code,
    location: { start: offset, end: offset + 1 },
    message: 'Bytes that are not UTF-8 here (shown as U+FFFD): Convox reads manifests with yaml.v2, which reads UTF-8 (or UTF-16 with a byte order mark) and stops at the first such sequence ("invalid leading UTF-8 octet" or similar), so it cannot load the file. Save it as UTF-8: it was likely written in another encoding, such as Latin-1 or Windows-1252.',
  };
}
