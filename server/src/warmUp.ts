import { ManifestDocument } from './service/document';
import { validateManifest } from './service/diagnostics/validate';
import { complete, resolveCompletion } from './service/features/completion';
import { documentSymbols } from './service/features/symbols';
import { foldingRanges } from './service/features/folding';
import { hover } from './service/features/hover';
import { inlayHints } from './service/features/inlayHints';
import { documentLinks } from './service/features/links';
import { codeActions } from './service/fixes/codeActions';
import type { ConvoxSettings } from './service/settings';

/** A manifest that takes the features through their usual paths: keys, values, list items, a timer, a finding. */
const SAMPLE = ['services:', '  web:', '    build: .', '    port: 3000', '    resources:', '      - database', 'resources:', '  database:', '    type: postgres', 'timers:', '  nightly:', '    schedule: "0 3 * * *"', '    service: web', ''].join('\n');

/**
 * Runs each editor feature once on a small sample while the server is idle after its first diagnostics. V8 compiles
 * a function the first time it runs, so otherwise the user's first hover or completion pays a few milliseconds for
 * compiling that code; and the V8 code cache (launcher.ts), written when the process exits, then holds these
 * functions too. The results are thrown away; a failure here only costs the warm-up.
 */
export function warmUp(settings: ConvoxSettings): void {
  try {
    const document = new ManifestDocument('untitled:convox-yml-warm-up', 1, SAMPLE);
    const diagnostics = validateManifest(document, settings);
    for (const [line, character] of [[1, 2], [2, 4], [3, 10], [5, 8], [8, 10], [11, 16]]) {
      hover(document, { line, character }, settings);
      complete(document, { line, character }, settings).items.slice(0, 3).forEach(resolveCompletion);
    }
    documentSymbols(document);
    foldingRanges(document);
    documentLinks(document);
    inlayHints(document, { start: { line: 0, character: 0 }, end: { line: 14, character: 0 } }, settings);
    codeActions(document, { start: { line: 0, character: 0 }, end: { line: 14, character: 0 } }, diagnostics, settings);
  } catch {
    // nothing to warm
  }
}
