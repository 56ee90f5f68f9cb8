// Child of bench/run: quotes per second in process, on one core, over a spread of lines, countries and dates.
import { loadContext } from '../src/cli/context.js';
import { loadLawFor } from '../src/cli/law.js';
import { quote } from '../src/core/evaluate/quote.js';
import { parseEntry } from '../src/core/evaluate/parse-entry.js';
import type { Entry } from '../src/core/evaluate/entry.js';

const cache = process.argv[2];
const ctx = await loadContext(cache ? { cache } : {});
const law = loadLawFor(ctx);
const s = ctx.schedule;
const countries = ['CN', 'JP', 'DE', 'VN', 'MX', 'CA', 'BR', 'IN', 'GB', 'KR', 'TH', 'CH', 'FR', 'TW', 'AU', 'RU'];
const dates = ['2025-02-10', '2025-04-10', '2025-06-10', '2025-08-20', '2025-11-20', '2026-03-01', '2026-05-01'];
const entries: Entry[] = [];
let i = 0;
for (const date of dates) {
  const rev = s.revisionAt(date as Entry['date']);
  const codes = [...s.codesIn(rev)].filter((c) => c.length === 10);
  for (let k = 0; k < 4000; k++, i++)
    entries.push(
      parseEntry(
        { hts: codes[(k * 7919) % codes.length], country: countries[i % countries.length], date, value: '1000' },
        law,
      ),
    );
}
const run = (trace: boolean) => {
  const t = performance.now();
  for (const e of entries) quote(s, law, e, { trace });
  return performance.now() - t;
};
run(false);
const msNoTrace = run(false);
const msTrace = run(true);
console.log(
  JSON.stringify({
    quotes: entries.length,
    perSecond: (entries.length / msNoTrace) * 1000,
    usEach: (msNoTrace / entries.length) * 1000,
    usEachWithTrace: (msTrace / entries.length) * 1000,
  }),
);
