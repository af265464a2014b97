import type { InlayHint, Range } from 'vscode-languageserver-types';
import { describe } from '../cron/describe';
import { parseSchedule } from '../cron/parse';
import { timerSchedules } from '../cron/timers';
import type { ManifestDocument } from '../document';
import type { ConvoxSettings } from '../settings';

/** After each valid timer schedule, the schedule in words (e.g. "At 03:00, every day"), as the target reads it. */
export function inlayHints(document: ManifestDocument, range: Range, settings: ConvoxSettings): InlayHint[] {
  const from = document.offsetAt(range.start);
  const to = document.offsetAt(range.end);
  const hints: InlayHint[] = [];
  for (const schedule of timerSchedules(document)) {
    if (schedule.end < from || schedule.end > to) continue;
    const words = describe(parseSchedule(schedule.text, settings.target));
    if (!words) continue;
    hints.push({
      position: document.lines.positionAt(schedule.end),
      label: words,
      paddingLeft: true,
      tooltip: `Timer ${schedule.timer} on ${settings.target} racks, times in UTC. Hover the schedule for the next runs.`,
    });
  }
  return hints;
}
