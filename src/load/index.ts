// Assembles the law the engine evaluates: countries, product lists read from the sources, and the measure records,
// with each heading's first publication taken from the schedule (the as-published reading starts there).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Law } from '../core/law/types.js';
import type { IsoDate } from '../core/time/date.js';
import { loadCountryTable } from './countries.js';
import { loadProductLists } from './lists.js';
import { loadLaw } from './law.js';

export function lawDir(): string {
  // Compiled: dist/src/load -> ../../../law; from sources (tests): src/load -> ../../law.
  const here = dirname(fileURLToPath(import.meta.url));
  return here.includes(`${'dist'}`) ? join(here, '..', '..', '..', 'law') : join(here, '..', '..', 'law');
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
