// Assembles the law the engine evaluates: countries, product lists read from the sources, and the measure records,
// with each heading's first publication taken from the schedule (the as-published reading starts there).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Law } from '../core/law/types.js';
import type { IsoDate } from '../core/time/date.js';
import { loadCountryTable } from './countries.js';
import { loadProductLists } from './lists.js';
import { loadLaw } from './law.js';

/** The law/ folder of the package: ../../law from src/load (tests), ../../../law from dist/src/load. */
export function lawDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const fromSources = join(here, '..', '..', 'law');
  return existsSync(join(fromSources, 'countries.yaml')) ? fromSources : join(here, '..', '..', '..', 'law');
}

/**
 * Checksum of the files under a folder (names and contents): of the law records, answers are immutable for a
 * given (sources, law) pair, not for sources alone; of the compiled code, for caches of computed results.
 */
export function lawKey(dir: string): string {
  const h = createHash('sha256');
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) h.update(`${relative(dir, p)}\n`).update(readFileSync(p));
    }
  };
  walk(dir);
  return h.digest('hex');
}

export function loadAll(opts: {
  sourcesDir: string;
  firstPublished?: (heading: string) => IsoDate | null;
  dir?: string;
}): Law {
  const dir = opts.dir ?? lawDir();
  const countries = loadCountryTable(dir);
  const warnings: string[] = [];
  const lists = loadProductLists(dir, opts.sourcesDir, (m) => warnings.push(m));
  const law = loadLaw({
    lawDir: dir,
    countries,
    lists,
    ...(opts.firstPublished ? { firstPublished: opts.firstPublished } : {}),
  });
  law.warnings.push(...warnings);
  return law;
}
