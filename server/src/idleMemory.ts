import { runInNewContext } from 'node:vm';

/**
 * Gives memory back to the system once the server has been idle for a while.
 *
 * V8 grows its heap while a large manifest is parsed and validated, then keeps it: with nothing allocated while the
 * server waits, no collection runs that would return it (a 16,500-line manifest leaves a ~50 MB heap holding ~22 MB of
 * live objects, bench/README.md). After IDLE_MS without work, one full collection that also compacts returns the
 * pages the old generation no longer needs, and V8 shrinks its young generation in it, allocation having been low for
 * seconds (its own measure looks back 5 s). It runs only when the heap grew since the last one, so an idle server with
 * small files never pays for it; with the 16,500-line file it takes ~40 ms.
 *
 * This works however the server was started: VS Code passes the flags of server/node-flags.json, other editors run
 * `convox-language-server` without any.
 */
const IDLE_MS = 10_000;
/** Growth of the heap (committed) since the last collection below which there is not enough to give back. */
const WORTH_BYTES = 8 * 1024 * 1024;

/** node:v8, loaded when there is first something to give back: at start-up it would cost ~1 ms for nothing. */
let v8: typeof import('node:v8') | undefined;
const loadV8 = (): typeof import('node:v8') => (v8 ??= require('node:v8') as typeof import('node:v8'));
/** V8's committed heap (its total_heap_size). */
const heapSize = (): number => process.memoryUsage().heapTotal;

export interface IdleMemory {
  /** Work happened: the collection waits for IDLE_MS from now. */
  touch(): void;
}

/** `collected` hears of each collection: the heap's size (committed bytes) before and after it. */
export function reduceMemoryWhenIdle(collected: (before: number, after: number) => void): IdleMemory {
  let baseline = heapSize();
  // Looked up the first time there is something to give back, not at start-up (creating a context takes ~4 ms).
  let gc: (() => void) | false | undefined;
  const timer = setTimeout(() => {
    const before = heapSize();
    if (before - baseline < WORTH_BYTES) return;
    if (gc === undefined) gc = collector() ?? false;
    if (!gc) return;
    // V8 compacts only when a full collection finds the heap fragmented enough; this one should always.
    const { setFlagsFromString } = loadV8();
    setFlagsFromString('--compact-on-every-full-gc');
    try {
      gc();
    } finally {
      setFlagsFromString('--no-compact-on-every-full-gc');
    }
    baseline = heapSize();
    collected(before, baseline);
  }, IDLE_MS).unref();
  return { touch: () => timer.refresh() };
}

/**
 * V8's `gc` function: Node exposes it with --expose-gc; otherwise V8 installs it in a context created while that
 * flag is set, so the flag is set for just that moment.
 */
function collector(): (() => void) | undefined {
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') return exposed as () => void;
  const { setFlagsFromString } = loadV8();
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}
