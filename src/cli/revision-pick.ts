// Which revision a command reads: --revision R, else the one in force on --date D, else the latest.
import { parseIsoDate } from '../core/time/date.js';
import type { Revision, Schedule } from '../schedule/schedule.js';

export function pickRevision(
  schedule: Schedule,
  opts: { date?: string; revision?: string },
): { revision: Revision; notes: string[] } {
  const notes: string[] = [];
  if (opts.revision) return { revision: schedule.revision(opts.revision), notes };
  if (!opts.date) return { revision: schedule.latest, notes };
  const date = parseIsoDate(opts.date, 'date');
  const revision = schedule.revisionAt(date);
  if (date > schedule.latest.published)
    notes.push(
      `the sources end with ${schedule.latest.id} (published ${schedule.latest.published}); ${date} is answered ` +
        `from it. \`tariff sync\` fetches newer revisions.`,
    );
  return { revision, notes };
}
