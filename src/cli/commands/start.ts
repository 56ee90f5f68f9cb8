// `npm start` (until the web app exists): what the sources hold, and a sample of what tariff answers.
import type { Context } from '../context.js';
import { out } from '../io.js';
import { runHts } from './hts.js';
import { runSearch } from './search.js';
import { sourcesJson } from './sources.js';
import { runQuote } from './quote.js';

export async function runStart(ctx: Context): Promise<void> {
  const j = sourcesJson(ctx);
  out('tariff: US import duties, exactly, for every HTS line, country and day since 2025-01-01');
  out('');
  out(`Sources: ${j.dir}`);
  out(`  ${j.verified.files} files verified (sha256) against the ${j.manifest}`);
  out(
    `  ${j.revisions.length} HTS revisions, ${j.revisions[0]!.id} (in force ${j.covered.from}) to ${j.covered.lastRevision} (published ${j.covered.lastPublished})`,
  );
  out(`  compiled index: ${(j.cache.index / 1e6).toFixed(1)} MB in ${j.cache.dir}`);
  out('');
  out('$ tariff quote --hts 6109.10.0012 --country CN --date 2025-04-10 --value 1000');
  out('');
  await runQuote(ctx, { hts: '6109.10.0012', country: 'CN', date: '2025-04-10', value: '1000' });
  out('');
  out('$ tariff hts 6109.10.0012 --date 2025-04-10');
  out('');
  runHts(ctx, '6109.10.0012', { date: '2025-04-10' });
  out('');
  out('$ tariff search "cotton t-shirts men" --limit 5');
  out('');
  runSearch(ctx, 'cotton t-shirts men', { limit: '5' });
  out('');
  const s = ctx.schedule;
  const h = ['2025_rev_7', '2025_rev_8', '2025_rev_9', '2025_rev_12']
    .filter((id) => s.revisions.some((r) => r.id === id))
    .map((id) => ({ id, rate: s.line('99030163', s.revision(id))?.general ?? '-' }));
  if (h.length) {
    out('China reciprocal heading 9903.01.63 across revisions (try `tariff diff 2025_rev_8 2025_rev_9`):');
    for (const x of h) out(`  ${x.id.padEnd(12)} ${x.rate}`);
    out('');
  }
  out(
    'More: tariff --help | tariff quote ... --trace | tariff check-policy | tariff sources | tariff rate "0.8¢/kg + 2%" --value 1000 --quantity 500',
  );
}
