// The law for the commands that quote (kept apart from context.ts so that `tariff hts` and friends do not load
// the YAML and validation libraries at start).
import { loadAll } from '../load/index.js';
import type { Law } from '../core/law/types.js';
import type { Context } from './context.js';

/** The law records, resolved against the sources (product lists) and the schedule (publication dates). */
export function loadLawFor(ctx: Context): Law {
  return loadAll({
    sourcesDir: ctx.sourcesDir,
    firstPublished: (heading) => ctx.schedule.firstPublished(heading.replace(/\./g, '')),
  });
}
