// Opens the Schedule for a sources directory: loads the compiled index from the cache directory, or builds it
// (once per sources checksum) when it is missing or of another format.
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { buildIndex, type BuildStats, type RevisionSource } from './build.js';
import { INDEX_FORMAT } from './index-file.js';
import { Schedule } from './schedule.js';
import { HtsSearch, SEARCH_FORMAT } from './search.js';

export interface ScheduleSources {
  /** Checksum of the revision files and change records: names the compiled index. */
  key: string;
  revisions: RevisionSource[];
  revisionDatesCsv?: string;
}

export function indexPath(cacheDir: string, key: string): string {
  return join(cacheDir, `hts-index-${key.slice(0, 20)}-f${INDEX_FORMAT}.bin`);
}

export function searchPath(cacheDir: string, key: string): string {
  return join(cacheDir, `hts-search-${key.slice(0, 20)}-f${SEARCH_FORMAT}.json`);
}

export interface OpenOptions {
  /** Told when the index has to be built (it takes seconds), so adapters can say so. */
  onBuild?: (phase: 'start' | 'done', stats?: BuildStats) => void;
  workers?: number;
}

export async function openSchedule(src: ScheduleSources, cacheDir: string, opts: OpenOptions = {}): Promise<Schedule> {
  const path = indexPath(cacheDir, src.key);
  const loaded = Schedule.open(path);
  if (loaded && loaded.key === src.key) return loaded;
  opts.onBuild?.('start');
  const stats = await buildIndex(
    { key: src.key, revisions: src.revisions, revisionDatesCsv: src.revisionDatesCsv },
    path,
    opts.workers !== undefined ? { workers: opts.workers } : {},
  );
  const s = Schedule.open(path);
  if (!s) throw new Error(`compiled index ${path} could not be read back after building it`);
  // The search index is built with the schedule so that the first search does not pay for it.
  HtsSearch.build(s).save(searchPath(cacheDir, src.key));
  opts.onBuild?.('done', stats);
  return s;
}

export function openSearch(schedule: Schedule, cacheDir: string): HtsSearch {
  const path = searchPath(cacheDir, schedule.key);
  const loaded = existsSync(path) ? HtsSearch.load(schedule, path) : null;
  if (loaded) return loaded;
  const built = HtsSearch.build(schedule);
  built.save(path);
  return built;
}
