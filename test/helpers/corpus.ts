import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The real-world corpus beside the repository (../shared/corpus), as the tests and CI see it. */
export const CORPUS = path.resolve(__dirname, '../../../../shared/corpus');

/** MANIFEST.tsv notes by local file path (e.g. `convox/foo__convox.yml`). */
export function corpusNotes(): Map<string, string> {
  const notes = new Map<string, string>();
  const lines = readFileSync(path.join(CORPUS, 'MANIFEST.tsv'), 'utf8').split('\n').slice(1);
  for (const line of lines) {
    const [file, , , , note] = line.split('\t');
    if (file) notes.set(file, (note ?? '').replace(/^"|"$/g, '').replace(/""/g, '"'));
  }
  return notes;
}
