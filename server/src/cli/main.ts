// `convox-yml`: the same checks as the editor, for CI pipelines and other editors.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { version } from '../../../package.json';
import { ManifestDocument } from '../service/document';
import { validateManifest } from '../service/diagnostics/validate';
import { manifestKind } from '../service/files';
import { nginxFileDiagnostics } from '../service/nginx/diagnostics';
import { decodeFile, DecodedFile } from '../service/text/decode';
import { isInside, nodeWorkspace } from '../service/workspace/files';
import { ConvoxSettings, normalizeSettings, SeveritySetting } from '../service/settings';
import { CONVERT_USAGE, runConvert } from './convert';
import { collectManifests, InputError } from './files';
import { countErrors, FileResult, formatJson, formatSarif, formatText } from './formats';

const USAGE = `Usage: convox-yml lint [options] <file or folder>...

Checks convox.yml manifests (folders are searched for convox.yml, convox.yaml,
convox.<name>.yml and convox-<name>.yml) and prints what is wrong.
A docker-compose.yml named explicitly is checked as a Convox Gen1 manifest.

Options:
  --format <text|json|sarif>   output format (default: text)
  --target <v3|v2>             rack generation the manifests deploy to (default: v3)
  --rule <code>=<severity>     change a rule's severity: error, warning, information,
                               hint or off (repeatable), e.g. --rule unknown-key=error
  --root <folder>              the only folder Dockerfiles and nginx configs are read from
                               (default: the current folder, or the manifest's own folder
                               when the manifest is outside it)
  -h, --help                   show this help
  -v, --version                print the version

Exit codes: 0 no errors, 1 errors found, 2 invalid arguments, 3 unreadable path,
4 no manifests found in a folder.

${CONVERT_USAGE}`;

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        target: { type: 'string', default: 'v3' },
        rule: { type: 'string', multiple: true, default: [] },
        root: { type: 'string' },
        output: { type: 'string', short: 'o' },
        force: { type: 'boolean' },
        'app-json': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    return usageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.version) {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [command, ...inputs] = positionals;
  if (command === 'convert') {
    if (!['v2', 'v3'].includes(values.target!)) return usageError(`unknown target "${values.target}" (use v3 or v2)`);
    return runConvert(inputs, { format: values.format!, output: values.output, force: values.force, appJson: values['app-json'], target: values.target as 'v2' | 'v3' });
  }
  if (command !== 'lint') return usageError(command ? `unknown command "${command}"` : 'no command given');
  if (!inputs.length) return usageError('lint needs at least one file or folder');
  if (!['text', 'json', 'sarif'].includes(values.format!)) return usageError(`unknown format "${values.format}" (use text, json or sarif)`);
  if (!['v2', 'v3'].includes(values.target!)) return usageError(`unknown target "${values.target}" (use v3 or v2)`);
  const rules: Record<string, SeveritySetting> = {};
  for (const rule of values.rule as string[]) {
    const match = /^([\w-]+)=(error|warning|information|hint|off)$/.exec(rule);
    if (!match) return usageError(`invalid --rule "${rule}" (use <code>=<error|warning|information|hint|off>)`);
    rules[match[1]] = match[2] as SeveritySetting;
  }
  const settings = normalizeSettings({ target: values.target, rules });
  if (values.root !== undefined && !nodeWorkspace(values.root)) {
    process.stderr.write(`convox-yml: cannot read ${values.root}: --root must be a folder\n`);
    return 3;
  }

  try {
    const files = await collectManifests(inputs);
    const results: FileResult[] = [];
    const related = new Map<string, FileResult>();
    for (const file of files) {
      const [result, ...others] = await lintWithFiles(file, settings, values.root);
      results.push(result);
      // Two manifests building the same nginx config report its findings once.
      for (const other of others) {
        const known = related.get(other.file);
        if (!known) related.set(other.file, other);
        else for (const d of other.diagnostics) if (!known.diagnostics.some((k) => k.code === d.code && k.message === d.message && JSON.stringify(k.range) === JSON.stringify(d.range))) known.diagnostics.push(d);
      }
    }
    results.push(...related.values());
    const output = values.format === 'json' ? formatJson(results) : values.format === 'sarif' ? formatSarif(results, version) : formatText(results);
    process.stdout.write(output);
    return countErrors(results) > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof InputError) {
      process.stderr.write(`convox-yml: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

/**
 * The manifest's result, then one for each other file its checks report in (the nginx configs its services build).
 * Files are read only inside `root` (default: the current folder if it holds the manifest, else the manifest's folder).
 */
export async function lintWithFiles(file: string, settings: ConvoxSettings, root?: string): Promise<FileResult[]> {
  let decoded: DecodedFile;
  try {
    decoded = decodeFile(await fs.readFile(file));
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${(error as Error).message}`, 3);
  }
  const absolute = path.resolve(file);
  const kind = manifestKind(path.basename(file));
  const folder = root ?? (isInside(process.cwd(), absolute) ? process.cwd() : path.dirname(absolute));
  const workspace = kind === 'convox' ? nodeWorkspace(folder) : undefined;
  const document = new ManifestDocument(pathToFileURL(absolute).href, 1, decoded.text);
  const results: FileResult[] = [{ file, diagnostics: validateManifest(document, settings, { kind, workspace, invalidUtf8At: decoded.invalidUtf8At }) }];
  for (const [uri, diagnostics] of nginxFileDiagnostics(document, settings, workspace)) {
    const other = fileURLToPath(uri);
    if (diagnostics.length) results.push({ file: isInside(process.cwd(), other) ? path.relative(process.cwd(), other) : other, diagnostics });
  }
  // Files the checks wanted but did not read: said on stderr, so the output stays machine-readable.
  for (const { path: skipped, reason } of workspace?.skipped ?? []) process.stderr.write(`convox-yml: note: did not read ${skipped}: ${reason}\n`);
  return results;
}

export async function lintFile(file: string, settings: ConvoxSettings): Promise<FileResult> {
  return (await lintWithFiles(file, settings))[0];
}

function usageError(message: string): number {
  process.stderr.write(`convox-yml: ${message}\n\n${USAGE}`);
  return 2;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: Error) => {
      process.stderr.write(`convox-yml: internal error: ${error.message}\nPlease report this with the file that caused it.\n`);
      process.exitCode = 70;
    },
  );
}
