import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** A temporary folder holding `files` (relative path → text); `remove()` deletes it. */
export function tempWorkspace(files: Record<string, string>, prefix = 'convox-yml-'): { root: string; file(relative: string): string; remove(): void } {
  const root = mkdtempSync(path.join(tmpdir(), prefix));
  for (const [relative, text] of Object.entries(files)) {
    const full = path.join(root, relative);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
  return { root, file: (relative) => path.join(root, relative), remove: () => rmSync(root, { recursive: true, force: true }) };
}
