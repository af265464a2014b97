import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DocumentLink } from 'vscode-languageserver-types';
import { isMap, isScalar, Node, Scalar } from 'yaml';
import type { ManifestDocument } from '../document';
import { mapValue, scalarContentRange, scalarString } from '../yaml/nodes';

/**
 * Links from each service's build context (`build: ./app`, `build.path`) to its directory and from `build.manifest`
 * to the Dockerfile (relative to the build context, as Convox reads it). Computed from the text alone: the file
 * system is never touched, so a link may point at a path that does not exist. Only manifests on disk get links.
 */
export function documentLinks(doc: ManifestDocument): DocumentLink[] {
  if (!doc.uri.startsWith('file:')) return [];
  let manifestDir: string;
  try {
    manifestDir = path.dirname(fileURLToPath(doc.uri));
  } catch {
    return [];
  }

  const links: DocumentLink[] = [];
  // A build shared through an anchor is one node for several services: link it once.
  const linked = new Set<Node>();
  const link = (node: Scalar, file: string, tooltip: string) => {
    if (linked.has(node)) return;
    linked.add(node);
    const [start, end] = scalarContentRange(node);
    if (end <= start) return;
    links.push({ range: doc.range(start, end), target: pathToFileURL(file).href, tooltip });
  };
  /** The scalar's text when it can become a link: a one-line string without `${...}` interpolation. */
  const usable = (node: unknown): string | undefined => {
    if (!isScalar(node) || node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') return undefined;
    const text = scalarString(node);
    if (!text || !text.trim() || text.includes('${') || /[\r\n]/.test(text)) return undefined;
    return text.trim();
  };

  for (const definition of doc.model.definitions) {
    if (definition.section !== 'services') continue;
    const build = mapValue(doc.yaml, definition.value, 'build');
    if (!build) continue;
    let contextNode: unknown;
    let manifestNode: unknown;
    if (isMap(build)) {
      contextNode = mapValue(doc.yaml, build, 'path');
      manifestNode = mapValue(doc.yaml, build, 'manifest');
    } else {
      contextNode = build;
    }
    const contextText = usable(contextNode);
    if (contextText !== undefined) link(contextNode as Scalar, path.resolve(manifestDir, contextText), `Open build context ${contextText}`);
    // The Dockerfile sits under the build context: without a usable context there is nothing to resolve it from.
    const contextUnresolvable = scalarString(contextNode)?.includes('${') ?? false;
    const manifestText = usable(manifestNode);
    if (manifestText !== undefined && !contextUnresolvable) {
      link(manifestNode as Scalar, path.resolve(manifestDir, contextText ?? '.', manifestText), 'Open Dockerfile');
    }
  }
  return links;
}
