import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '../fuzz/harness';

const DIST_CLI = path.resolve(__dirname, '../../../dist/cli.js');
const SCHEMA = path.resolve(__dirname, '../../../schemas/convox.schema.json');
const NOBODY = 65534;

/** Makes every folder under (and including) `dir` enterable and listable by other users. */
function openFolders(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) openFolders(path.join(dir, entry.name));
}

/**
 * Runs the CLI as a user that a mode-000 file stops. chmod does not stop root, and CI runs as root: there the CLI
 * runs as `nobody`, from a copy of dist/cli.js (with the schema beside it, as in the package) that `nobody` can
 * read, in `workspace` opened up for it. Otherwise it is simply the current user.
 */
export async function runCliUnprivileged(args: string[], cwd: string, workspace: string): ReturnType<typeof runCli> {
  if (process.getuid?.() !== 0) return runCli(args, cwd);
  const copy = mkdtempSync(path.join(tmpdir(), 'convox-yml-cli-'));
  try {
    mkdirSync(path.join(copy, 'dist'));
    mkdirSync(path.join(copy, 'schemas'));
    copyFileSync(DIST_CLI, path.join(copy, 'dist', 'cli.js'));
    copyFileSync(SCHEMA, path.join(copy, 'schemas', 'convox.schema.json'));
    openFolders(copy);
    openFolders(workspace);
    if (!(statSync(path.dirname(workspace)).mode & 0o001)) throw new Error(`${path.dirname(workspace)} is not searchable by other users`);
    return await runCli(args, cwd, 60_000, { cli: path.join(copy, 'dist', 'cli.js'), uid: NOBODY, gid: NOBODY });
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}
