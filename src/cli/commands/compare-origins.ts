// `tariff compare-origins --hts H --date D`: every country ranked by the duty on one product on one date.
import { compareOrigins } from '../../analytics/compare-origins.js';
import { parseEntry } from '../../core/evaluate/parse-entry.js';
import type { Context } from '../context.js';
import { loadLawFor } from '../law.js';
import { out, printJson, table } from '../io.js';

export function runCompareOrigins(
  ctx: Context,
  opts: {
    hts?: string;
    date?: string;
    value?: string;
    quantity?: string;
    mode?: string;
    json?: boolean;
    limit?: string;
  },
): void {
  const law = loadLawFor(ctx);
  // Parsed like a quote (any country will do for the checks), then quoted for every country.
  const e = parseEntry({ ...opts, country: 'US' }, law);
  const { country: _c, ...base } = e;
  const r = compareOrigins(ctx.schedule, law, base);
  if (opts.json) return printJson(r);
  out(`${r.hts}  entered ${r.date}  (HTS ${r.revision})`);
  out(`  ${r.description}`);
  out('');
  const limit = opts.limit ? Number(opts.limit) : 40;
  const rows = r.rows.slice(0, limit).map((x) => {
    const names = x.countries.map((c) => c.code);
    const who = names.length > 8 ? `${names.slice(0, 8).join(' ')} +${names.length - 8} more` : names.join(' ');
    const parts = x.components
      .filter((c) => c.authority !== 'mfn' && (c.adValorem ?? 0) !== 0)
      .map((c) => `${c.heading} ${c.rateText}`)
      .join('; ');
    return [
      String(x.rank),
      x.totalAdValorem === null ? '?' : `${x.totalAdValorem}%`,
      x.totalDuty ? `$${x.totalDuty}` : '',
      who,
      parts || '(column 1 rate only)',
    ];
  });
  out(table([['Rank', 'Total', 'Duty', 'Countries', 'Additional duties'], ...rows]));
  if (r.rows.length > limit) out(`... ${r.rows.length - limit} more treatments (--limit, or --json)`);
  for (const n of r.notes) out(`  - ${n}`);
}
