import { runInNewContext } from 'node:vm';

/**
 * Collects garbage while the server is idle, so that neither requests nor memory pay for it later.
 *
 * A request pays for a scavenge (a collection of the young generation, 0.5-2 ms) when its allocations fill what
 * earlier work left there: with the young generation kept small (launcher.ts), ~4% of the hovers and completions of
 * the benchmark's corpus session did. SCAVENGE_QUIET_MS after the last work the young generation is emptied, so the
 * requests that follow a pause (a hover comes after the mouse rests, a completion after typing stops) start with room.
 *
 * V8 also grows its heap while a large manifest is parsed and validated, then keeps it: with nothing allocated while
 * the server waits, no collection runs that would return it (a 16,500-line manifest leaves a ~50 MB heap holding ~22 MB
 * of live objects, bench/README.md). One full collection that also compacts returns the pages the old generation no
 * longer needs (and V8 shrinks its young generation in it once allocation has been low for seconds: its own measure
 * looks back 5 s). With the 16,500-line file it takes ~40 ms, so it runs only while nothing else is happening:
 * - QUIET_MS after the last work when the heap grew by LARGE_GROWTH_BYTES or more since the last collection: only
 *   parsing a large manifest whole (opening it, pasting it, a full re-parse) grows it that much at once;
 * - IDLE_MS after the last work when it grew by WORTH_BYTES or more since the last collection at IDLE_MS.
 * An idle server with small files never pays for it.
 *
 * This works however the server was started (with `--expose-gc` or not).
 */
/** Shorter than the pause before a hover (VS Code waits 300 ms for the mouse to rest); longer than between keystrokes. */
const SCAVENGE_QUIET_MS = 100;
/** Long enough that a user typing is not interrupted; short enough that memory is back within a moment of a big parse. */
const QUIET_MS = 200;
const IDLE_MS = 10_000;
const MB = 1024 * 1024;
const LARGE_GROWTH_BYTES = 20 * MB;
/** Growth of the heap (committed) since the last collection at IDLE_MS below which there is not enough to give back. */
const WORTH_BYTES = 8 * MB;

/** node:v8, loaded when there is first something to collect: at start-up it would cost ~1 ms for nothing. */
let v8: typeof import('node:v8') | undefined;
const loadV8 = (): typeof import('node:v8') => (v8 ??= require('node:v8') as typeof import('node:v8'));
/** V8's committed heap (its total_heap_size). */
const heapSize = (): number => process.memoryUsage().heapTotal;

export interface IdleCollection {
  /** Work happened: the collections wait for quiet from now. */
  touch(): void;
}

/** V8's `gc` function: a full collection, or with `{ type: 'minor' }` a scavenge. */
type Collector = (options?: { type: 'minor' | 'major' }) => void;

/**
 * `collected` hears of each full collection: the heap's size (committed bytes) before and after it, and the quiet it
 * waited.
 */
export function collectWhenIdle(collected: (before: number, after: number, quietMs: number) => void): IdleCollection {
  // The heap after the last collection, and after the last one at IDLE_MS: V8 shrinks its young generation only in a
  // collection after seconds of low allocation, so one after QUIET_MS does not stand in for the one after IDLE_MS.
  let collectedAt = heapSize();
  let idleCollectedAt = collectedAt;
  // Looked up the first time the server is quiet, not at start-up (creating a context takes ~4 ms).
  let gc: Collector | false | undefined;
  const lookUp = (): Collector | false => (gc ??= collector() ?? false);
  const collect = (quietMs: number): void => {
    const gc = lookUp();
    if (!gc) return;
    const before = heapSize();
    // V8 compacts only when a full collection finds the heap fragmented enough; this one should always.
    const { setFlagsFromString } = loadV8();
    setFlagsFromString('--compact-on-every-full-gc');
    try {
      gc();
    } finally {
      setFlagsFromString('--no-compact-on-every-full-gc');
    }
    collectedAt = heapSize();
    if (quietMs === IDLE_MS) idleCollectedAt = collectedAt;
    collected(before, collectedAt, quietMs);
  };
  const scavenge = setTimeout(() => {
    const gc = lookUp();
    if (gc) gc({ type: 'minor' });
  }, SCAVENGE_QUIET_MS).unref();
  const quiet = setTimeout(() => heapSize() - collectedAt >= LARGE_GROWTH_BYTES && collect(QUIET_MS), QUIET_MS).unref();
  const idle = setTimeout(() => heapSize() - idleCollectedAt >= WORTH_BYTES && collect(IDLE_MS), IDLE_MS).unref();
  return {
    touch: () => {
      scavenge.refresh();
      quiet.refresh();
      idle.refresh();
    },
  };
}

/**
 * V8's `gc` function: Node exposes it with --expose-gc; otherwise V8 installs it in a context created while that
 * flag is set, so the flag is set for just that moment.
 */
function collector(): Collector | undefined {
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') return exposed as Collector;
  const { setFlagsFromString } = loadV8();
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as Collector) : undefined;
  } catch {
    return undefined;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}
