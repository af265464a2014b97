// Summarizes a .cpuprofile (node --cpu-prof): self time by function and by source file.
//   node bench/cpuprofile-summary.mjs bench/tmp/<file>.cpuprofile [top=25]
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
// esbuild writes `// path/to/module.ts` before each module of a bundle: name bundle lines by their module.
const moduleStarts = new Map();
function moduleOf(url, line) {
  if (!url.endsWith('.cjs') && !url.endsWith('.js')) return undefined;
  if (!moduleStarts.has(url)) {
    const starts = [];
    try {
      readFileSync(new URL(url), 'utf8').split('\n').forEach((text, index) => {
        const m = /^\/\/ (\S+\.(?:ts|js|mjs|cjs|json))$/.exec(text);
        if (m) starts.push([index, m[1].replace(/^node_modules\//, '')]);
      });
    } catch {}
    moduleStarts.set(url, starts);
  }
  let found;
  for (const [start, name] of moduleStarts.get(url)) if (start <= line) found = name; else break;
  return found;
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map();
const dt = profile.timeDeltas;
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (dt[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const byFunction = new Map();
const byFile = new Map();
for (const [id, us] of self) {
  const { functionName, url, lineNumber } = byId.get(id).callFrame;
  const where = moduleOf(url, lineNumber) ?? url.split('/').slice(-2).join('/');
  const fn = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  const f = where || '(native)';
  byFile.set(f, (byFile.get(f) ?? 0) + us);
}
const top = Number(topArg ?? 25);
const print = (title, map) => {
  console.log(`${title} (of ${(total / 1000).toFixed(0)} ms sampled)`);
  for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${(us / 1000).toFixed(1).padStart(8)} ms  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${name}`);
};
print('Self time by function', byFunction);
print('Self time by file', byFile);
