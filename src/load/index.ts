// Assembles the law the engine evaluates: countries, product lists read from the sources, and the measure records,
// with each heading's first publication taken from the schedule (the as-published reading starts there).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
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
