// `tariff check-policy`: every Chapter 99 heading of every revision is covered by a measure record, listed out of
// scope with a reason (law/out-of-scope.yml), or reported as uncovered; every record rate is compared with the rate
// the HTS prints in each revision of its window. Exit code 1 when anything is uncovered or disagrees.
import { join } from 'node:path';
import { lawDir } from '../../load/index.js';
import { checkPolicy, loadOutOfScope, type CheckResult, type Disagreement } from '../../policy/check.js';
import { type Context } from '../context.js';
import { loadLawFor } from '../law.js';
import { out, printJson, table, EXIT_FAILURE } from '../io.js';

export const OUT_OF_SCOPE_FILE = 'out-of-scope.yml';

export function runCheckPolicy(ctx: Context, flags: { json?: boolean; outOfScope?: string }): void {
  const law = loadLawFor(ctx);
  const oos = loadOutOfScope(flags.outOfScope ?? join(lawDir(), OUT_OF_SCOPE_FILE));
  const r = checkPolicy(ctx.schedule, law, oos);
  if (flags.json) printJson(r);
  else printSummary(r);
  if (r.uncovered.length > 0 || r.disagreements.length > 0) process.exitCode = EXIT_FAILURE;
}

/** Consecutive revisions with the same heading, law and HTS text, as one row "rev_a .. rev_b (n)". */
function grouped(rows: Disagreement[]): { heading: string; revisions: string; law: string; hts: string }[] {
  const outRows: { heading: string; first: string; last: string; n: number; law: string; hts: string }[] = [];
  for (const d of rows) {
    const prev = outRows[outRows.length - 1];
    if (prev && prev.heading === d.heading && prev.law === d.law && prev.hts === d.hts) {
      prev.last = d.revision;
      prev.n++;
    } else outRows.push({ heading: d.heading, first: d.revision, last: d.revision, n: 1, law: d.law, hts: d.hts });
  }
  return outRows.map((g) => ({
    heading: g.heading,
    revisions: g.n === 1 ? g.first : `${g.first} .. ${g.last} (${g.n})`,
    law: g.law,
    hts: g.hts.length > 70 ? `${g.hts.slice(0, 67)}...` : g.hts,
  }));
}

function printSummary(r: CheckResult): void {
  const oosCount = r.outOfScope.reduce((s, o) => s + o.matched, 0);
  out(
    `Chapter 99 (9903.xx.xx) headings in ${r.revisions} revisions: ${r.headings}; covered by records ${r.covered}; ` +
      `out of scope ${oosCount} (${r.outOfScope.length} entries); uncovered ${r.uncovered.length}; ` +
      `disagreements ${r.disagreements.length}; known differences ${r.knownDifferences.length}; ` +
      `awaiting a printed revision ${new Set(r.awaiting.map((a) => a.heading)).size}`,
  );
  out('');
  out(`Uncovered (${r.uncovered.length}): printed in the HTS, no record, not listed out of scope`);
  if (r.uncovered.length) out(`  ${r.uncovered.join(' ')}`);
  out('');
  out(`Disagreements (${r.disagreements.length}): record rate differs from the printed general rate`);
  if (r.disagreements.length)
    out(
      table([
        ['Heading', 'Revisions', 'Law', 'HTS'],
        ...grouped(r.disagreements).map((g) => [g.heading, g.revisions, g.law, g.hts]),
      ]),
    );
  out('');
  const heads = new Set(r.awaiting.filter((a) => a.kind === 'heading').map((a) => a.heading));
  out(
    `Awaiting a printed revision (${heads.size} headings, ${r.awaiting.length - r.awaiting.filter((a) => a.kind === 'heading').length} scheduled values): ` +
      'records after the last revision in the sources, checked once a revision prints them',
  );
  if (r.awaiting.length) {
    // One row per heading and first date: the forced-labor country headings share one instrument.
    const rows = new Map<string, string[]>();
    for (const a of r.awaiting) {
      const key = `${a.heading}|${a.from}|${a.kind}`;
      if (!rows.has(key))
        rows.set(key, [a.heading, a.from, a.rate, a.kind === 'value' ? 'value' : 'heading', a.instrument]);
    }
    out(table([['Heading', 'From', 'Rate', 'Kind', 'Instrument'], ...rows.values()]));
  }
  out('');
  out(`Known differences (${r.knownDifferences.length}): explained in law/out-of-scope.yml`);
  if (r.knownDifferences.length) {
    const reasons = new Map(r.knownDifferences.map((k) => [k.heading, k.reason]));
    out(
      table([
        ['Heading', 'Revisions', 'Law', 'HTS'],
        ...grouped(r.knownDifferences).map((g) => [g.heading, g.revisions, g.law, g.hts]),
      ]),
    );
    for (const [h, why] of reasons) out(`  ${h}: ${why}`);
  }
  out('');
  out(`Out of scope (${r.outOfScope.length} entries, ${oosCount} headings):`);
  out(table([['Heading(s)', 'n', 'Reason'], ...r.outOfScope.map((o) => [o.heading, String(o.matched), o.reason])]));
  if (r.notes.length) {
    out('');
    out(`Notes (${r.notes.length}, informational):`);
    for (const n of r.notes) out(`  ${n.heading}: ${n.message}`);
  }
  if (r.warnings.length) {
    out('');
    out(`Warnings from loading the law (${r.warnings.length}):`);
    for (const w of r.warnings.slice(0, 20)) out(`  ${w}`);
    if (r.warnings.length > 20) out(`  ... and ${r.warnings.length - 20} more (see --json)`);
  }
}
