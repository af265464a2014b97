import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isManifestName } from '../service/files';

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', 'dist', 'out', 'vendor', '.vscode-test']);

export class InputError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** Files named on the command line, and the manifests found under folders named there. */
export async function collectManifests(inputs: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const input of inputs) {
    let stat;
    try {
      stat = await fs.stat(input);
    } catch (error) {
      throw new InputError(`cannot read ${input}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (error as Error).message}`, 3);
    }
    if (stat.isDirectory()) {
      const before = found.length;
      await walk(input, found);
      if (found.length === before) throw new InputError(`no convox.yml manifests found under ${input}`, 4);
    } else {
      found.push(input);
    }
  }
  return found;
}

async function walk(directory: string, found: string[]): Promise<void> {
  const entries = await fs.readdir(directory, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory() && !SKIPPED_DIRECTORIES.has(entry.name)) await walk(full, found);
    else if (entry.isFile() && isManifestName(entry.name)) found.push(full);
  }
}
