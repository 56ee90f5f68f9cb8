// `tariff entries FILE.csv`: duties, fees and refunds of every line of an entry file; `tariff refunds FILE.csv`:
// the IEEPA refund report by entry and month, with a claim CSV.
import { renameSync, writeFileSync } from 'node:fs';
import { SingleBar, Presets } from 'cli-progress';
import { loadFees } from '../../load/fees.js';
import { lawDir } from '../../load/index.js';
import { csvCell, runEntries, type EntriesSummary } from '../../entries/run.js';
import { type Context } from '../context.js';
import { loadLawFor } from '../law.js';
import { out, printJson, table, warn, EXIT_BAD_INPUT } from '../io.js';

function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

async function process_(ctx: Context, file: string, linesOut: string | undefined): Promise<EntriesSummary> {
  const law = loadLawFor(ctx);
  const fees = loadFees(lawDir());
  // A progress bar for people at a terminal; nothing on a pipe.
  const bar =
    process.stderr.isTTY && file !== '-'
      ? new SingleBar(
          { format: 'entries [{bar}] {percentage}% | {lines} lines', stream: process.stderr },
          Presets.shades_classic,
        )
      : null;
  bar?.start(100, 0, { lines: 0 });
  try {
    return await runEntries(ctx.schedule, law, fees, {
      input: file === '-' ? process.stdin : file,
      ...(linesOut ? { linesOut } : {}),
      onProgress: (read, total, lines) =>
        bar?.update(total ? Math.min(100, Math.round((read / total) * 100)) : 0, { lines }),
    });
  } finally {
    bar?.stop();
  }
}

export async function runEntriesCommand(
  ctx: Context,
  file: string,
  opts: { output?: string; summary?: string; json?: boolean },
): Promise<void> {
  const s = await process_(ctx, file, opts.output ?? undefined);
  if (opts.summary) writeAtomic(opts.summary, `${JSON.stringify(s, null, 2)}\n`);
  if (opts.json && !opts.summary) printJson(s);
  else if (opts.output !== '-') {
    const t = s.totals;
    out(`${s.counts.lines} lines: ${s.counts.ok} ok, ${s.counts.errors} errors; ${t.entries} entries`);
    out(
      table([
        ['Value', `$${t.value}`],
        ['Duty (as collected)', `$${t.duty}`],
        ['Duty (law as amended)', `$${t.dutyLegal}`],
        ['MPF', `$${t.mpf}`],
        ['HMF', `$${t.hmf}`],
        ['IEEPA paid (refund principal)', `$${t.ieepaPaid}`],
        ['Retroactive amendments refund', `$${t.retroRefund}`],
        ['Refund', `$${t.refund}`],
      ]),
    );
    for (const n of s.notes) out(`  - ${n}`);
    if (opts.output) out(`lines: ${opts.output}`);
    if (opts.summary) out(`summary: ${opts.summary}`);
  }
  if (s.counts.errors) {
    warn(`${s.counts.errors} lines with errors: see the error column`);
    process.exitCode = EXIT_BAD_INPUT;
  }
}

export async function runRefunds(ctx: Context, file: string, opts: { output?: string; json?: boolean }): Promise<void> {
  const s = await process_(ctx, file, undefined);
  const byMonth = new Map<string, { entries: number; ieepa: number; retro: number; incomplete: number }>();
  for (const e of s.entries) {
    const m = e.date.slice(0, 7) || '(no date)';
    const x = byMonth.get(m) ?? { entries: 0, ieepa: 0, retro: 0, incomplete: 0 };
    x.entries++;
    x.ieepa += Math.round(Number(e.ieepaPaid) * 100);
    x.retro += Math.round(Number(e.retroRefund) * 100);
    x.incomplete += e.errors + e.incomplete;
    byMonth.set(m, x);
  }
  const usd = (cents: number) => (cents / 100).toFixed(2);
  const report = {
    counts: s.counts,
    months: [...byMonth.entries()].sort().map(([month, x]) => ({
      month,
      entries: x.entries,
      ieepaPaid: usd(x.ieepa),
      retroRefund: usd(x.retro),
      refundable: usd(x.ieepa + x.retro),
      linesWithoutEnoughData: x.incomplete,
    })),
    entries: s.entries.map((e) => ({
      entry: e.entry,
      date: e.date,
      ieepaPaid: e.ieepaPaid,
      retroRefund: e.retroRefund,
      refundable: e.refund,
      linesWithoutEnoughData: e.errors + e.incomplete,
    })),
    totals: { ieepaPaid: s.totals.ieepaPaid, retroRefund: s.totals.retroRefund, refundable: s.totals.refund },
    notes: s.notes,
  };
  if (opts.output) {
    const rows = [['entry', 'entry_date', 'ieepa_paid', 'retro_refund', 'refund_claimed', 'lines_without_enough_data']];
    for (const e of report.entries)
      if (Number(e.refundable) > 0)
        rows.push([e.entry, e.date, e.ieepaPaid, e.retroRefund, e.refundable, String(e.linesWithoutEnoughData)]);
    writeAtomic(opts.output, `${rows.map((r) => r.map(csvCell).join(',')).join('\n')}\n`);
  }
  if (s.counts.errors) process.exitCode = EXIT_BAD_INPUT;
  if (opts.json) return printJson(report);
  out(`${s.counts.lines} lines (${s.counts.errors} errors), ${s.entries.length} entries`);
  out(
    table([
      ['Month', 'Entries', 'IEEPA paid', 'Retroactive', 'Refundable', 'Lines lacking data'],
      ...report.months.map((m) => [
        m.month,
        String(m.entries),
        `$${m.ieepaPaid}`,
        `$${m.retroRefund}`,
        `$${m.refundable}`,
        String(m.linesWithoutEnoughData),
      ]),
      [
        'total',
        String(s.entries.length),
        `$${report.totals.ieepaPaid}`,
        `$${report.totals.retroRefund}`,
        `$${report.totals.refundable}`,
        '',
      ],
    ]),
  );
  if (opts.output) out(`claim file: ${opts.output}`);
  for (const n of s.notes) out(`  - ${n}`);
}
