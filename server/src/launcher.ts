// The language server's entry point (dist/server.js). It runs the server bundle (dist/server-main.js) through V8's
// code cache: compiling a 600 KB bundle, and then every function the first validation needs, is a large part of a
// cold start, and with the cache the next start skips it. The cache is written when the process exits (so it holds
// what the session compiled, warmUp.ts included) to the user's cache folder, keyed by the bundle's build and the Node
// version; a stale, foreign or damaged cache is rejected by V8 and simply rewritten. Any failure falls back to a
// plain load.
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import * as vm from 'node:vm';

// V8 lets its young generation grow to 2 x 16 MB while a large manifest is parsed, and keeps it; held at its initial
// 2 x 1 MB instead, the server is ~15 MB smaller with a 16,500-line manifest open, for keystrokes there ~10% slower
// (bench/README.md item 20). Set here, however the server is started, and before the bundle is compiled (the code
// cache records V8's flags); not as `--max-semi-space-size=1` on Node's command line, where any V8 flag makes Node
// compile the modules of its own it loads later without their code cache (`process.stdin`: ~3.5 → ~15 ms).
setFlagsFromString('--semi-space-growth-factor=1');

const bundle = path.join(__dirname, 'server-main.js');

function cacheFolder(): string {
  if (process.env.XDG_CACHE_HOME) return path.join(process.env.XDG_CACHE_HOME, 'convox-yml');
  if (process.platform === 'win32' && process.env.LOCALAPPDATA) return path.join(process.env.LOCALAPPDATA, 'convox-yml', 'cache');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Caches', 'convox-yml');
  return path.join(os.homedir(), '.cache', 'convox-yml');
}

/**
 * A short name for the cache file (two 32-bit FNV-1a hashes). Not a digest to trust: V8 checks a cache itself.
 * Node's crypto module would cost every start ~3 ms to load.
 */
function nameHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    a = Math.imul(a ^ text.charCodeAt(i), 0x01000193);
    b = Math.imul(b ^ text.charCodeAt(i), 0x811c9dc5);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** The bundle compiled with the cache (and a hook that writes it), or undefined when that cannot be done. */
function compile(): vm.Script | undefined {
  try {
    const source = fs.readFileSync(bundle, 'utf8');
    // The bundle's path, size and modification time name its build (hashing 600 KB would cost a few ms of every
    // start); V8 itself rejects a cache made by another V8, with other flags or for a source of another length.
    const { size, mtimeMs } = fs.statSync(bundle);
    const key = nameHash(`${process.version} ${process.arch} ${bundle} ${size} ${mtimeMs}`);
    const cacheFile = path.join(cacheFolder(), `server-${key}.v8cache`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      // first start with this bundle
    }
    const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
    if (!cachedData || script.cachedDataRejected) {
      process.once('exit', () => {
        try {
          fs.mkdirSync(path.dirname(cacheFile), { recursive: true, mode: 0o700 });
          const temporary = `${cacheFile}.${process.pid}.tmp`;
          fs.writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
          fs.renameSync(temporary, cacheFile);
          // Caches of other builds are of no further use.
          for (const name of fs.readdirSync(path.dirname(cacheFile))) {
            if (/^server-\w+\.v8cache$/.test(name) && name !== path.basename(cacheFile)) fs.rmSync(path.join(path.dirname(cacheFile), name), { force: true });
          }
        } catch {
          // no cache this time
        }
      });
    }
    return script;
  } catch {
    return undefined;
  }
}

const script = compile();
if (script) {
  // As Node would run it: a module of its own, with its own `require`, `module` and `exports`.
  const main = new Module(bundle, module);
  main.filename = bundle;
  main.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(__dirname);
  const localRequire = Object.assign((id: string) => main.require(id), { resolve: require.resolve, cache: require.cache, main: require.main }) as NodeRequire;
  const run = script.runInThisContext() as (exports: object, require: NodeRequire, module: Module, filename: string, dirname: string) => void;
  run.call(main.exports, main.exports, localRequire, main, bundle, __dirname);
} else {
  module.require(bundle);
}
