import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DiagnosticRelatedInformation, Range } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { asInt, asString, isInterpolated, isMap, keyLocation, PlainMap, services, valueLocation } from '../checks/support';
import type { Finding, Location } from '../diagnostics/rule';
import { isSuppressed, suppressedLines } from '../diagnostics/suppression';
import type { ManifestDocument } from '../document';
import { confPrefix, ImageLayout } from '../dockerfile/image';
import { parseDockerfile } from '../dockerfile/parse';
import type { Target } from '../settings';
import { filePathOf, WorkspaceFiles } from '../workspace/files';
import { expandGlob, hasGlob } from '../workspace/glob';
import { analyzeNginx, ConfigFile, ProxyEnvironment } from './analyze';
import { parseNginx } from './parse';

/**
 * The nginx configs each built service's image holds, and what is wrong with them on Convox: a service's build
 * context (`build` or `build.path`, relative to the manifest), its Dockerfile (`build.manifest`, relative to the
 * context), the files the final stage COPY/ADDs from the context, and the files those configs `include`.
 */

export interface ServiceHostHeaders {
  service: string;
  /** Where the manifest says what the service builds (its `build` value, or the service's key). */
  location: Location;
  /** The `proxy_set_header Host $host` directives in its image. */
  directives: { uri: string; path: string; range: Range; text: string }[];
}

export interface RelatedFile {
  uri: string;
  text: string;
  findings: Finding[];
}

export interface NginxProject {
  services: ServiceHostHeaders[];
  /** Findings in other files (nginx configs), by URI. */
  files: Map<string, RelatedFile>;
}

const EMPTY: NginxProject = { services: [], files: new Map() };
const cache = new WeakMap<WorkspaceFiles, WeakMap<ManifestDocument, Map<Target, NginxProject>>>();

/** The nginx analysis of a manifest, computed once per manifest version, workspace and target. */
export function nginxProject(document: ManifestDocument, target: Target, workspace: WorkspaceFiles | undefined): NginxProject {
  if (!workspace) return EMPTY;
  let byDocument = cache.get(workspace);
  if (!byDocument) cache.set(workspace, (byDocument = new WeakMap()));
  let byTarget = byDocument.get(document);
  if (!byTarget) byDocument.set(document, (byTarget = new Map()));
  let project = byTarget.get(target);
  if (!project) byTarget.set(target, (project = analyzeProject(document, target, workspace)));
  return project;
}

/** The port numbers of a `port:` value (`3000`, `"3000"`, `"https:3000"`, `{port: 3000}`); undefined when unknown. */
function portNumber(value: unknown): number | undefined | 'unknown' {
  if (value === undefined || value === null) return undefined;
  if (isMap(value)) return portNumber(value.port);
  const text = asString(value);
  if (text === undefined || isInterpolated(text)) return 'unknown';
  const match = /^(?:[a-z-]+:)?(\d+)$/i.exec(text.trim());
  return match ? Number(match[1]) : 'unknown';
}

/** The ports each service's Kubernetes Service listens on (`port` and `ports`); undefined where they are unknown. */
function serviceEnvironment(document: ManifestDocument, target: Target): ProxyEnvironment {
  const result = new Map<string, number[] | undefined>();
  for (const [name, body] of services(document)) {
    let ports: number[] | undefined = [];
    const main = portNumber(body?.port);
    if (main === 'unknown') ports = undefined;
    else if (main !== undefined) ports.push(main);
    const list = body?.ports;
    if (Array.isArray(list)) {
      for (const item of list) {
        const number = asInt(item) ?? (/^(\d+)(?:\/tcp)?$/i.exec(asString(item)?.trim() ?? '') ? Number.parseInt(asString(item)!, 10) : undefined);
        if (number !== undefined) ports?.push(number);
        else if (isInterpolated(item)) ports = undefined;
      }
    }
    result.set(name.toLowerCase(), ports);
  }
  return { target, services: result };
}

/** What a service builds: its context folder and Dockerfile, and where that is written; undefined for image services. */
function buildOf(document: ManifestDocument, name: string, body: PlainMap | null, manifestDir: string) {
  const image = asString(body?.image);
  if (image !== undefined && image.trim() !== '') return undefined;
  const build = body?.build;
  let context = '.';
  let dockerfile = 'Dockerfile';
  let location = keyLocation(document, ['services', name]);
  if (typeof build === 'string') {
    context = build.trim() || '.';
    location = valueLocation(document, ['services', name, 'build']) ?? location;
  } else if (isMap(build)) {
    context = asString(build.path)?.trim() || '.';
    dockerfile = asString(build.manifest)?.trim() || 'Dockerfile';
    location = valueLocation(document, ['services', name, 'build', build.path !== undefined ? 'path' : 'manifest']) ?? keyLocation(document, ['services', name, 'build']) ?? location;
  } else if (build !== undefined && build !== null) return undefined;
  if (isInterpolated(context) || isInterpolated(dockerfile) || !location) return undefined;
  const contextDir = path.resolve(manifestDir, context);
  return { contextDir, dockerfile: path.resolve(contextDir, dockerfile), location };
}

function analyzeProject(document: ManifestDocument, target: Target, workspace: WorkspaceFiles): NginxProject {
  const manifestPath = filePathOf(document.uri);
  if (!manifestPath) return EMPTY;
  const manifestDir = path.dirname(manifestPath);
  const env = serviceEnvironment(document, target);
  const parsed = new Map<string, ConfigFile | undefined>();
  const lines = new Map<string, TextDocument>();
  const load = (file: string, imagePath?: string): ConfigFile | undefined => {
    if (!parsed.has(file)) {
      const text = workspace.read(file);
      parsed.set(file, text === undefined ? undefined : { path: file, uri: pathToFileURL(file).href, config: parseNginx(text) });
    }
    const config = parsed.get(file);
    return config && imagePath ? { ...config, imagePath } : config;
  };
  const positions = (config: ConfigFile) => {
    let document = lines.get(config.uri);
    if (!document) lines.set(config.uri, (document = TextDocument.create(config.uri, 'nginx', 0, config.config.text)));
    return document;
  };

  const result: NginxProject = { services: [], files: new Map() };
  for (const [name, body] of services(document)) {
    const build = buildOf(document, name, body, manifestDir);
    if (!build) continue;
    const dockerfileText = workspace.read(build.dockerfile);
    if (dockerfileText === undefined) continue;
    const layout = ImageLayout.of(parseDockerfile(dockerfileText), build.contextDir, workspace);
    const usedBy: DiagnosticRelatedInformation = {
      location: { uri: document.uri, range: document.range(build.location.start, build.location.end) },
      message: `Built into service ${name}`,
    };
    const hostHeaders: ServiceHostHeaders = { service: name, location: build.location, directives: [] };

    for (const image of layout.nginxConfigs()) {
      const root = load(image.source, image.imagePath);
      if (!root) continue;
      // `include` patterns: in the image first (relative ones from nginx's conf prefix), then beside the files.
      const includes = (pattern: string, from: ConfigFile): ConfigFile[] => {
        const imagePattern = pattern.startsWith('/') ? pattern : `${confPrefix(root.imagePath!)}/${pattern}`;
        let files = layout.resolve(imagePattern);
        if (!files.length && !pattern.startsWith('/')) {
          for (const dir of new Set([path.dirname(from.path), path.dirname(root.path)])) {
            files = expandGlob(workspace, dir, pattern, hasGlob(pattern) ? 200 : 1)
              .filter((match) => match.kind === 'file')
              .map((match) => match.path);
            if (files.length) break;
          }
        }
        return files.map((file) => load(file)).filter((file): file is ConfigFile => file !== undefined);
      };
      for (const finding of analyzeNginx(root, env, includes)) {
        const file = finding.file;
        let related = result.files.get(file.uri);
        if (!related) result.files.set(file.uri, (related = { uri: file.uri, text: file.config.text, findings: [] }));
        let existing = related.findings.find((f) => f.code === finding.code && f.location.start === finding.start);
        if (!existing) {
          existing = { code: finding.code, location: { start: finding.start, end: finding.end }, message: finding.message, related: [] };
          related.findings.push(existing);
        }
        if (!existing.related!.some((info) => info.message === usedBy.message)) existing.related!.push(usedBy);
        const text = positions(file);
        // `# convox-ignore nginx-host-header` above the directive silences the service's finding too.
        const silenced = isSuppressed(suppressedLines(file.config.text), text.positionAt(finding.start).line, finding.code);
        if (finding.code === 'nginx-host-header' && !silenced && !hostHeaders.directives.some((d) => d.uri === file.uri && text.offsetAt(d.range.start) === finding.start)) {
          hostHeaders.directives.push({
            uri: file.uri,
            path: path.relative(manifestDir, file.path).split(path.sep).join('/'),
            range: { start: text.positionAt(finding.start), end: text.positionAt(finding.end) },
            text: file.config.text.slice(finding.start, finding.end),
          });
        }
      }
    }
    if (hostHeaders.directives.length) result.services.push(hostHeaders);
  }
  return result;
}
