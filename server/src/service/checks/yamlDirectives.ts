import type { Check } from '../diagnostics/rule';
import { Directive, leadingDirectives } from '../yaml/directives';

/**
 * `%` directives yaml.v2 refuses, though the `yaml` library accepts them (some with a warning): a `%YAML` version
 * other than 1.1 (`%YAML 1.2`, which YAML 1.2 tools write), a second `%YAML`, or a directive other than `%YAML` and
 * `%TAG`. Convox then cannot load the manifest at all (yaml.v2 parserc.go, scannerc.go `yaml_parser_scan_directive`).
 * The `yaml` library's own directive warnings for the first document are left to this check (checks/syntax.ts).
 */
export const yamlDirectives: Check = {
  rules: [{ code: 'yaml-directive', severity: 'error', title: 'A %YAML or other directive that yaml.v2, and so Convox, cannot load' }],
  run(context) {
    let version: Directive | undefined;
    for (const directive of leadingDirectives(context.document.text)) {
      const message = problem(directive, version);
      if (/^%YAML[ \t]/.test(directive.text)) version ??= directive;
      if (message) context.report({ code: 'yaml-directive', location: { start: directive.start, end: directive.end }, message });
    }
  },
};

function problem(directive: Directive, earlierVersion: Directive | undefined): string | undefined {
  const [, name, rest] = /^%([0-9A-Za-z_-]*)(.*)$/.exec(directive.text)!;
  // yaml.v2 reads a name up to the first character that is not a letter, digit, - or _, which must be a blank.
  if ((name !== 'YAML' && name !== 'TAG') || !/^(?:[ \t]|$)/.test(rest)) {
    return `"${directive.text}" is not a directive yaml.v2 knows (only %YAML and %TAG), so Convox cannot load this file ("found unknown directive name"). Remove the line.`;
  }
  if (name === 'TAG') return undefined;
  const version = /^[ \t]+(\d{1,9})\.(\d{1,9})$/.exec(rest);
  if (!version) return `"${directive.text}" gives no version yaml.v2 can read (major.minor, as in "%YAML 1.1"), so Convox cannot load this file. Remove the line: without it the file is read as YAML 1.1.`;
  if (earlierVersion) return 'A second %YAML directive: yaml.v2 cannot load a file with two ("found duplicate %YAML directive"), and neither can Convox. Remove this line.';
  // yaml.v2 compares the numbers, so "%YAML 1.01" is 1.1.
  if (Number(version[1]) !== 1 || Number(version[2]) !== 1) {
    return `Convox reads manifests with yaml.v2, which accepts only "%YAML 1.1" and cannot load a file declaring YAML ${version[1]}.${version[2]} ("found incompatible YAML document"). Remove the line: without it the file is read as YAML 1.1.`;
  }
  return undefined;
}
