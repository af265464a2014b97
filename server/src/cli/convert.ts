// `convox-yml convert`: docker-compose.yml or a Heroku Procfile (+ app.json) to convox.yml, with the report of
// what could not be carried over. The conversion itself is service/convert; this file only reads and writes files.
import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { convertCompose, convertProcfile, formatReport } from '../service/convert';
import type { ConversionNote, ConversionResult } from '../service/convert/types';
import type { Target } from '../service/settings';
import { decodeFile } from '../service/text/decode';
import { isInside, nodeWorkspace } from '../service/workspace/files';

export const CONVERT_USAGE = `Usage: convox-yml convert [options] <docker-compose.yml> [<override.yml>...]
       convox-yml convert [options] <Procfile>

Converts a docker-compose file (later files are merged over it, as with
docker compose -f) or a Heroku Procfile (with the app.json beside it) to
convox.yml, and reports what was converted approximately, dropped, or needs a
manual step, with the line it comes from.

Options:
  -o, --output <file>          write the manifest to <file> instead of stdout
                               (the report then goes to stdout)
  --force                      overwrite the --output file if it exists
  --format <text|json>         report format (default: text); json prints
                               {"manifest", "report"} (or {"output", "report"})
  --app-json <file>            the app.json of a Procfile (default: app.json beside it)
  --target <v3|v2>             rack generation the manifest is for (default: v3)

Without --output the manifest goes to stdout and the text report to stderr.
Exit codes: 0 converted (notes do not change it), 1 the input cannot be converted
(not a compose file or Procfile, YAML syntax error), 2 invalid arguments,
3 unreadable input or unwritable output, 5 the output file exists (use --force).
`;

export interface ConvertFlags {
  format: string;
  output?: string;
  force?: boolean;
  appJson?: string;
  target: Target;
}

interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: Io = { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) };

export async function runConvert(inputs: string[], flags: ConvertFlags, io: Io = processIo): Promise<number> {
  const usage = (message: string) => {
    io.stderr(`convox-yml: ${message}\n\n${CONVERT_USAGE}`);
    return 2;
  };
  if (!inputs.length) return usage('convert needs a docker-compose file or a Procfile');
  if (!['text', 'json'].includes(flags.format)) return usage(`unknown format "${flags.format}" for convert (use text or json)`);
  const [source, ...overrides] = inputs;
  const procfile = isProcfile(source);
  if (procfile && overrides.length) return usage('convert takes one Procfile');
  if (!procfile && flags.appJson !== undefined) return usage('--app-json is for a Procfile');

  let text: string;
  try {
    text = decodeFile(await fs.readFile(source)).text; // compose's yaml.v3 also reads UTF-16 with a byte order mark
  } catch (error) {
    io.stderr(`convox-yml: cannot read ${source}: ${reason(error)}\n`);
    return 3;
  }
  const dir = path.dirname(source);
  // Files the source names (env_file, extends, app.json, override files beside it) are read only inside one folder,
  // as for lint: the current folder when the source is below it, otherwise the source's own folder. Files named on
  // the command line are read wherever they are.
  const named = new Set(overrides.map((file) => path.resolve(file)));
  const workspace = nodeWorkspace(isInside(process.cwd(), path.resolve(source)) ? process.cwd() : path.resolve(dir));
  const readFile = (file: string): string | undefined => {
    const full = path.resolve(dir, file);
    if (!named.has(full)) return workspace?.read(full);
    try {
      return decodeFile(readFileSync(full)).text;
    } catch {
      return undefined;
    }
  };

  let result: ConversionResult;
  let appJsonName: string | undefined;
  if (procfile) {
    let appJson: string | undefined;
    if (flags.appJson !== undefined) {
      try {
        appJson = await fs.readFile(flags.appJson, 'utf8');
      } catch (error) {
        io.stderr(`convox-yml: cannot read ${flags.appJson}: ${reason(error)}\n`);
        return 3;
      }
      appJsonName = flags.appJson;
    } else {
      appJson = readFile('app.json');
      if (appJson !== undefined) appJsonName = path.join(dir, 'app.json');
    }
    result = convertProcfile(text, appJson, { fileName: source, appJsonFileName: appJsonName });
  } else {
    for (const override of overrides) {
      try {
        await fs.access(override);
      } catch (error) {
        io.stderr(`convox-yml: cannot read ${override}: ${reason(error)}\n`);
        return 3;
      }
    }
    result = convertCompose(text, {
      fileName: source,
      readFile,
      // Overrides are named on the command line relative to the current folder; the core reads them beside the source.
      overrides: overrides.length ? overrides.map((file) => path.relative(dir, path.resolve(file))) : undefined,
      target: flags.target,
    });
  }

  const report = result.report;
  if (result.error !== undefined) {
    if (flags.format === 'json') io.stdout(`${JSON.stringify({ manifest: '', report, error: result.error }, null, 2)}\n`);
    else io.stderr(formatReport(source, report));
    io.stderr(`convox-yml: ${source} was not converted: ${result.error}\n`);
    return 1;
  }

  if (flags.output === undefined) {
    if (flags.format === 'json') io.stdout(`${JSON.stringify({ manifest: result.manifest, report }, null, 2)}\n`);
    else {
      io.stdout(result.manifest);
      io.stderr(formatReport(source, report) + summary(report));
    }
    return 0;
  }

  try {
    await fs.writeFile(flags.output, result.manifest, { flag: flags.force ? 'w' : 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      io.stderr(`convox-yml: ${flags.output} exists: not overwritten (use --force to replace it)\n`);
      return 5;
    }
    io.stderr(`convox-yml: cannot write ${flags.output}: ${reason(error)}\n`);
    return 3;
  }
  if (flags.format === 'json') io.stdout(`${JSON.stringify({ output: flags.output, report }, null, 2)}\n`);
  else io.stdout(`${formatReport(source, report)}${summary(report)}Wrote ${flags.output}.\n`);
  return 0;
}

/** `Procfile`, `Procfile.dev`, `deployment/heroku/Procfile.heroku` (not a YAML file). */
function isProcfile(file: string): boolean {
  const name = path.basename(file);
  return /procfile/i.test(name) && !/\.ya?ml$/i.test(name);
}

function summary(report: readonly ConversionNote[]): string {
  const count = (kind: ConversionNote['kind']) => report.filter((note) => note.kind === kind).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(report.length, 'note')}: ${count('converted-approximately')} converted approximately, ${count('dropped')} dropped, ${plural(count('manual-step'), 'manual step')}.\n`;
}

function reason(error: unknown): string {
  return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (error as Error).message;
}
