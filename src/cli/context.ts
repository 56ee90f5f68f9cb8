// What every data command needs: the sources directory (verified against its manifest), the cache directory, and
// the Schedule (compiled index loaded, or built once).
import { join } from 'node:path';
import type { IsoDate } from '../core/time/date.js';
import { resolveCacheDir, resolveSourcesDir, type SourcesHow } from '../sources/locate.js';
import { changeRecordFiles, htsRevisionFiles, verifySources, type VerifiedSources } from '../sources/manifest.js';
import { openSchedule } from '../schedule/open.js';
import type { Schedule } from '../schedule/schedule.js';
import { warn } from './io.js';

export interface GlobalOptions {
  sources?: string;
  cache?: string;
  json?: boolean;
}

export interface Context {
  sourcesDir: string;
  how: SourcesHow;
  cacheDir: string;
  verified: VerifiedSources;
  schedule: Schedule;
}

export function locate(opts: GlobalOptions): { sourcesDir: string; how: SourcesHow; cacheDir: string } {
  const { dir, how } = resolveSourcesDir({ flag: opts.sources, env: process.env, cwd: process.cwd() });
  const cacheDir = resolveCacheDir({ flag: opts.cache, env: process.env });
  return { sourcesDir: dir, how, cacheDir };
}

export async function loadContext(opts: GlobalOptions): Promise<Context> {
  const { sourcesDir, how, cacheDir } = locate(opts);
  const verified = await verifySources(sourcesDir, { cacheDir, listExtra: false });
  const crs = new Map(changeRecordFiles(verified.manifest).map((f) => [f.revision!, join(sourcesDir, f.path)]));
  const dates = verified.manifest.files.find((f) => f.path === 'reference-yale/revision_dates.csv');
  const revisions = htsRevisionFiles(verified.manifest).map((f) => ({
    id: f.revision!,
    htsPath: join(sourcesDir, f.path),
    ...(crs.has(f.revision!) ? { changeRecordPath: crs.get(f.revision!)! } : {}),
    ...(f.released ? { released: f.released as IsoDate } : {}),
  }));
  if (revisions.length === 0)
    throw new Error(`no HTS revisions in ${sourcesDir}; run \`tariff sync --dest ${sourcesDir}\``);
  const schedule = await openSchedule(
    { key: verified.key, revisions, ...(dates ? { revisionDatesCsv: join(sourcesDir, dates.path) } : {}) },
    cacheDir,
    {
      onBuild: (phase, stats) => {
        if (phase === 'start')
          warn(`building the compiled index of ${revisions.length} HTS revisions (once per sources version)...`);
        else if (stats)
          warn(
            `index built in ${(stats.totalMs / 1000).toFixed(1)} s: ${stats.rows.toLocaleString('en-US')} rows, ` +
              `${stats.rowVersions.toLocaleString('en-US')} distinct, cached in ${cacheDir}`,
          );
      },
    },
  );
  return { sourcesDir, how, cacheDir, verified, schedule };
}
