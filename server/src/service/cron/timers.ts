import { isScalar, Scalar } from 'yaml';
import type { Location } from '../diagnostics/rule';
import type { ManifestDocument } from '../document';
import { isInterpolated, isMap, valueAt } from '../checks/support';
import { scalarContentRange } from '../yaml/nodes';
import { sourceAt } from '../yaml/toPlain';
import type { Span } from './parse';

/** A timer's `schedule` as written, with where it is, so findings and hints can point into it. */
export interface TimerSchedule {
  timer: string;
  text: string;
  /** Where findings about the whole value go (the alias, when the value came through one). */
  location: Location;
  /**
   * Document offset of the schedule's first character when offsets inside the value map 1:1 onto the file (no
   * alias, no escape sequences, no line folding); undefined otherwise, and then findings cover the whole value.
   */
  base?: number;
  /** End of the value's own text (after a closing quote): where an inlay hint goes. */
  end: number;
  node?: Scalar;
}

/** Every timer schedule that is a string without `${VAR}` (those are only known when Convox reads the file). */
export function timerSchedules(document: ManifestDocument): TimerSchedule[] {
  const timers = valueAt(document, ['timers']);
  if (!isMap(timers)) return [];
  const found: TimerSchedule[] = [];
  for (const [timer, body] of Object.entries(timers)) {
    if (!isMap(body) || typeof body.schedule !== 'string' || isInterpolated(body.schedule)) continue;
    const entry = sourceAt(document.plain, ['timers', timer, 'schedule']);
    const text = body.schedule;
    if (entry?.via?.range) {
      found.push({ timer, text, location: { start: entry.via.range[0], end: entry.via.range[1] }, end: entry.via.range[1] });
      continue;
    }
    const node = entry?.node;
    if (!isScalar(node) || !node.range) continue;
    const [start, end] = scalarContentRange(node);
    const raw = document.text.slice(start, end);
    found.push({ timer, text, location: { start: node.range[0], end: node.range[1] }, base: raw === text ? start : undefined, end: node.range[1], node });
  }
  return found;
}

/** Where a span of the schedule text is in the document (the whole value when offsets do not map 1:1). */
export function spanLocation(schedule: TimerSchedule, span: Span): Location {
  if (schedule.base === undefined) return schedule.location;
  return { start: schedule.base + span.start, end: schedule.base + Math.max(span.end, span.start) };
}
