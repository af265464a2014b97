// What a 400 ms pause (the bench's wait after opening a file) costs a request: hovers on the corpus files right after
// such a pause, after a second one, and back to back; and, for scale, two bare node processes echoing a byte over a
// pipe, after a pause and back to back.
//
//   node esbuild.mjs --production && node bench/pause.mjs
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { echoRoundTrips, Session } from './lsp.mjs';
import { probePositions } from './manifests.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.resolve(ROOT, '../shared/corpus/convox');
const folder = existsSync(corpus) ? corpus : path.join(ROOT, 'examples');
const texts = readdirSync(folder)
  .filter((name) => /\.ya?ml$/.test(name))
  .map((name) => readFileSync(path.join(folder, name), 'utf8'))
  .sort((a, b) => b.length - a.length)
  .slice(0, 10);
const pause = () => new Promise((resolve) => setTimeout(resolve, 400));
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)].toFixed(2);

const server = new Session('convox-language-server', [path.join(ROOT, 'dist', 'server.js'), '--stdio']);
await server.initialize();
const afterPause = [];
const afterSecondPause = [];
const backToBack = [];
for (const [index, text] of texts.entries()) {
  const uri = `file:///tmp/convox-pause/${index}/convox.yml`;
  await server.open(uri, text, 'convox');
  await server.waitDiagnostics(uri, 0);
  const probe = probePositions(text, 1)[0];
  if (!probe) continue;
  const params = { textDocument: { uri }, position: { line: probe.line, character: Math.floor((probe.keyStart + probe.keyEnd) / 2) } };
  await pause();
  afterPause.push((await server.request('textDocument/hover', params)).ms);
  await pause();
  afterSecondPause.push((await server.request('textDocument/hover', params)).ms);
  backToBack.push((await server.request('textDocument/hover', params)).ms);
}
await server.shutdown();

const echo = await echoRoundTrips(20);

console.log(`hover round trip, median of ${afterPause.length} files: after a 400 ms pause ${median(afterPause)} ms, after a second pause ${median(afterSecondPause)} ms, back to back ${median(backToBack)} ms`);
console.log(`one byte echoed by a bare node process, median of 20: after a 400 ms pause ${median(echo.afterPause)} ms, back to back ${median(echo.backToBack)} ms`);
