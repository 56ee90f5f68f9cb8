// Entry files: every line quoted twice, as published on its date (what CBP collected) and as legally amended;
// per-authority duties, MPF and HMF per entry, the IEEPA duty paid (refund principal after the Supreme Court ruling)
// and the refund owed by retroactive amendments. Streams: lines out as they come, entries aggregated in a map.
import {
  createReadStream,
  createWriteStream,
  existsSync,
  renameSync,
  statSync,
  unlinkSync,
  type WriteStream,
} from 'node:fs';
import { dirname, resolve } from 'node:path';
import { once } from 'node:events';
import { parse } from 'csv-parse';
import { isInputError, InputError } from '../core/errors.js';
import { quote, type Prohibited, type Quote, type QuoteMemo } from '../core/evaluate/quote.js';
import { parseEntry } from '../core/evaluate/parse-entry.js';
import { AUTHORITIES, type Authority, type Law } from '../core/law/types.js';
import { D, formatUsd, type Dec } from '../core/money/index.js';
import { hmfFor, mpfFor, type FeeSchedule } from '../core/entries/fees.js';
import type { IsoDate } from '../core/time/date.js';
import type { Schedule } from '../schedule/schedule.js';

const IEEPA: Authority[] = ['ieepa_fentanyl', 'ieepa_reciprocal', 'ieepa_other'];
export const LINE_COLUMNS = [
  'entry',
  'line',
  'date',
  'hts',
  'country',
  'value',
  ...AUTHORITIES,
  'duty',
  'headings',
  'error',
  'duty_legal',
  'ieepa_paid',
  'retro_refund',
  'transport',
];
const TRANSPORTS = ['ocean', 'air', 'truck', 'rail', 'mail'];

export interface EntryTotals {
  entry: string;
  date: string;
  month: string;
  lines: number;
  errors: number;
  /** Lines quoted but without a duty (a specific rate without quantity). */
  incomplete: number;
  /** Lines of goods that may not be entered (an import prohibition): no duty. */
  prohibited: number;
  value: Dec;
  oceanValue: Dec;
  duty: Dec;
  dutyLegal: Dec;
  ieepaPaid: Dec;
  retroRefund: Dec;
  byAuthority: Record<string, Dec>;
}

export interface EntriesSummary {
  /** lines = ok + errors; `prohibited` lines (goods that may not be entered) are among the ok ones, without duty. */
  counts: { lines: number; ok: number; errors: number; prohibited: number };
  entries: {
    entry: string;
    date: string;
    lines: number;
    errors: number;
    incomplete: number;
    prohibited: number;
    value: string;
    duty: string;
    mpf: string;
    mpfRule: string;
    hmf: string;
    ieepaPaid: string;
    retroRefund: string;
    refund: string;
    byAuthority: Record<string, string>;
  }[];
  totals: {
    entries: number;
    value: string;
    duty: string;
    dutyLegal: string;
    mpf: string;
    hmf: string;
    ieepaPaid: string;
    retroRefund: string;
    refund: string;
    byAuthority: Record<string, string>;
  };
  notes: string[];
}

export function csvCell(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function byAuthority(q: Quote): Record<string, Dec> {
  const out: Record<string, Dec> = {};
  for (const c of q.components) if (c.duty !== null) out[c.authority] = (out[c.authority] ?? D(0)).plus(c.duty);
  return out;
}

function sum(r: Record<string, Dec>, keys: Authority[]): Dec {
  return keys.reduce((a, k) => a.plus(r[k] ?? 0), D(0));
}

export interface RunOptions {
  input: NodeJS.ReadableStream | string;
  /** LINES.csv path ('-' or undefined: no line file). */
  linesOut?: string;
  onProgress?: (bytesRead: number, totalBytes: number | null, lines: number) => void;
}

/** Processes an entry file; lines in = results + errors, always. Output files appear complete or not at all. */
export async function runEntries(
  schedule: Schedule,
  law: Law,
  fees: FeeSchedule,
  opts: RunOptions,
): Promise<EntriesSummary> {
  const totalBytes = typeof opts.input === 'string' ? statSync(opts.input).size : null;
  const input: NodeJS.ReadableStream = typeof opts.input === 'string' ? createReadStream(opts.input) : opts.input;
  let bytesRead = 0;
  (input as NodeJS.EventEmitter).on('data', (chunk: Buffer | string) => (bytesRead += chunk.length));
  const toStdout = opts.linesOut === '-';
  if (opts.linesOut && !toStdout && !existsSync(dirname(resolve(opts.linesOut))))
    throw new InputError(
      'output',
      opts.linesOut,
      `the folder of ${opts.linesOut} does not exist`,
      'a file path in an existing folder',
    );
  const tmp = opts.linesOut && !toStdout ? `${opts.linesOut}.${process.pid}.tmp` : null;
  // An interrupted run (Ctrl-C, kill) leaves no partial file behind.
  const cleanup = () => {
    if (tmp)
      try {
        unlinkSync(tmp);
      } catch {
        /* not created yet */
      }
  };
  const onSignal = (sig: NodeJS.Signals) => {
    cleanup();
    process.exit(sig === 'SIGINT' ? 130 : 143);
  };
  if (tmp) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  const sink: WriteStream | NodeJS.WritableStream | null = tmp
    ? createWriteStream(tmp)
    : toStdout
      ? process.stdout
      : null;
  const parser = input.pipe(
    parse({
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      skip_empty_lines: true,
      relax_column_count: true,
      bom: true,
      trim: true,
      // A stray quote inside a field is taken literally; a record the CSV parser cannot read is skipped and
      // counted as an error line, never stopping the run.
      relax_quotes: true,
      skip_records_with_error: true,
    }),
  );
  const skipped: string[] = [];
  parser.on('skip', (err: Error & { lines?: number }) => skipped.push(`line ${err.lines ?? '?'}: ${err.message}`));
  const entries = new Map<string, EntryTotals>();
  const memo: QuoteMemo = new Map();
  const counts = { lines: 0, ok: 0, errors: 0, prohibited: 0 };
  let buffer = sink ? `${LINE_COLUMNS.join(',')}\n` : '';
  const flush = async () => {
    if (!sink || !buffer) return;
    const ok = sink.write(buffer);
    buffer = '';
    if (!ok) await once(sink, 'drain');
  };
  try {
    for await (const rec of parser as AsyncIterable<Record<string, string>>) {
      counts.lines++;
      const entryId = (rec.entry ?? '').trim() || '(no entry number)';
      const row: Record<string, string> = {
        entry: entryId,
        line: rec.line ?? String(counts.lines),
        date: rec.date ?? '',
        hts: rec.hts ?? '',
        country: rec.country ?? '',
        value: rec.value ?? '',
        transport: (rec.transport ?? '').toLowerCase(),
      };
      let t = entries.get(entryId);
      if (!t) {
        t = {
          entry: entryId,
          date: '',
          month: '',
          lines: 0,
          errors: 0,
          incomplete: 0,
          prohibited: 0,
          value: D(0),
          oceanValue: D(0),
          duty: D(0),
          dutyLegal: D(0),
          ieepaPaid: D(0),
          retroRefund: D(0),
          byAuthority: {},
        };
        entries.set(entryId, t);
      }
      t.lines++;
      line: try {
        if (!rec.value || !rec.value.trim())
          throw new InputError(
            'value',
            rec.value ?? '',
            'value is missing: an entry line needs its customs value',
            'US dollars, e.g. 1000.00, 1,000 or $1000',
          );
        if (row.transport && !TRANSPORTS.includes(row.transport))
          throw new InputError(
            'transport',
            rec.transport,
            `transport "${rec.transport}" is not a mode of transport`,
            TRANSPORTS.join(', '),
          );
        const e = parseEntry({ ...rec, mode: 'as-published' }, law);
        const published = quote(schedule, law, e, { trace: false, memo });
        const legal = quote(schedule, law, { ...e, mode: 'legal' }, { trace: false, memo });
        if (published.kind === 'prohibited' || legal.kind === 'prohibited') {
          // Goods that may not be entered: a result without a duty, named in the status column.
          const p = published.kind === 'prohibited' ? published.prohibition : (legal as Prohibited).prohibition;
          row.date = e.date;
          row.value = formatUsd(e.value!);
          row.error = `prohibited: ${p.title} (${p.citation}); goods imported from ${p.from} may not be entered`;
          counts.ok++;
          counts.prohibited++;
          t.prohibited++;
          break line;
        }
        if (published.kind !== 'quote' || legal.kind !== 'quote')
          throw new InputError(
            'hts',
            rec.hts,
            published.kind === 'no-rate' ? published.reason : 'the law records conflict for this line',
            'a line with a rate of duty',
          );
        const pa = byAuthority(published);
        const la = byAuthority(legal);
        const dutyP = published.totalDuty !== null ? D(published.totalDuty) : null;
        const dutyL = legal.totalDuty !== null ? D(legal.totalDuty) : null;
        const ieepaP = sum(pa, IEEPA);
        // Retroactive amendments (EU and Korea autos, floors): what the HTS made importers pay beyond the law as
        // amended, outside IEEPA (all of which is refundable after the ruling anyway).
        const retro =
          dutyP !== null && dutyL !== null ? D.max(0, dutyP.minus(ieepaP).minus(dutyL.minus(sum(la, IEEPA)))) : D(0);
        row.date = e.date;
        row.value = formatUsd(e.value!);
        for (const a of AUTHORITIES) row[a] = pa[a] ? formatUsd(pa[a]!) : '0.00';
        row.duty = dutyP !== null ? formatUsd(dutyP) : '';
        row.headings = published.components
          .map((c) => c.heading)
          .filter(Boolean)
          .join(' ');
        row.error = dutyP === null ? `incomplete: ${published.notes.filter((n) => /needed/.test(n)).join('; ')}` : '';
        row.duty_legal = dutyL !== null ? formatUsd(dutyL) : '';
        row.ieepa_paid = formatUsd(ieepaP);
        row.retro_refund = formatUsd(retro);
        counts.ok++;
        if (!t.date || e.date < t.date) {
          t.date = e.date;
          t.month = e.date.slice(0, 7);
        }
        t.value = t.value.plus(e.value!);
        if (row.transport === 'ocean') t.oceanValue = t.oceanValue.plus(e.value!);
        if (dutyP === null) t.incomplete++;
        else t.duty = t.duty.plus(dutyP);
        if (dutyL !== null) t.dutyLegal = t.dutyLegal.plus(dutyL);
        t.ieepaPaid = t.ieepaPaid.plus(ieepaP);
        t.retroRefund = t.retroRefund.plus(retro);
        for (const [a, v] of Object.entries(pa)) t.byAuthority[a] = (t.byAuthority[a] ?? D(0)).plus(v);
      } catch (err) {
        counts.errors++;
        t.errors++;
        row.error = isInputError(err)
          ? `${err.field}: ${err.message} (accepted: ${err.accepted})`
          : `error: ${err instanceof Error ? err.message : String(err)}`;
      }
      if (sink) {
        buffer += `${LINE_COLUMNS.map((c) => csvCell(row[c] ?? '')).join(',')}\n`;
        if (buffer.length > 1 << 16) await flush();
      }
      if (opts.onProgress && (counts.lines & 1023) === 0) opts.onProgress(bytesRead, totalBytes, counts.lines);
    }
    for (const msg of skipped) {
      counts.lines++;
      counts.errors++;
      if (sink)
        buffer += `${LINE_COLUMNS.map((c) => csvCell(c === 'error' ? `csv: ${msg} (accepted: RFC 4180 CSV with a header row)` : c === 'entry' ? '(unreadable line)' : '')).join(',')}\n`;
    }
    await flush();
    if (tmp) {
      (sink as WriteStream).end();
      await once(sink as WriteStream, 'finish');
      renameSync(tmp, opts.linesOut!);
    }
  } catch (e) {
    if (tmp) (sink as WriteStream).destroy();
    cleanup();
    throw e;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
  opts.onProgress?.(bytesRead, totalBytes, counts.lines);
  return summarize(entries, counts, fees);
}

function summarize(
  entries: Map<string, EntryTotals>,
  counts: EntriesSummary['counts'],
  fees: FeeSchedule,
): EntriesSummary {
  const tot = {
    value: D(0),
    duty: D(0),
    dutyLegal: D(0),
    mpf: D(0),
    hmf: D(0),
    ieepa: D(0),
    retro: D(0),
    by: {} as Record<string, Dec>,
  };
  const out: EntriesSummary['entries'] = [];
  for (const t of entries.values()) {
    const ok = t.lines - t.errors - t.prohibited > 0;
    const mpf = ok ? mpfFor(fees, t.value, (t.date || '2025-01-01') as IsoDate) : null;
    const hmf = hmfFor(fees, t.oceanValue);
    const refund = t.ieepaPaid.plus(t.retroRefund);
    out.push({
      entry: t.entry,
      date: t.date,
      lines: t.lines,
      errors: t.errors,
      incomplete: t.incomplete,
      prohibited: t.prohibited,
      value: formatUsd(t.value),
      duty: formatUsd(t.duty),
      mpf: mpf ? formatUsd(mpf.amount) : '0.00',
      mpfRule: mpf ? mpf.rule : 'no line',
      hmf: formatUsd(hmf),
      ieepaPaid: formatUsd(t.ieepaPaid),
      retroRefund: formatUsd(t.retroRefund),
      refund: formatUsd(refund),
      byAuthority: Object.fromEntries(Object.entries(t.byAuthority).map(([k, v]) => [k, formatUsd(v)])),
    });
    tot.value = tot.value.plus(t.value);
    tot.duty = tot.duty.plus(t.duty);
    tot.dutyLegal = tot.dutyLegal.plus(t.dutyLegal);
    if (mpf) tot.mpf = tot.mpf.plus(mpf.amount);
    tot.hmf = tot.hmf.plus(hmf);
    tot.ieepa = tot.ieepa.plus(t.ieepaPaid);
    tot.retro = tot.retro.plus(t.retroRefund);
    for (const [k, v] of Object.entries(t.byAuthority)) tot.by[k] = (tot.by[k] ?? D(0)).plus(v);
  }
  return {
    counts,
    entries: out,
    totals: {
      entries: out.length,
      value: formatUsd(tot.value),
      duty: formatUsd(tot.duty),
      dutyLegal: formatUsd(tot.dutyLegal),
      mpf: formatUsd(tot.mpf),
      hmf: formatUsd(tot.hmf),
      ieepaPaid: formatUsd(tot.ieepa),
      retroRefund: formatUsd(tot.retro),
      refund: formatUsd(tot.ieepa.plus(tot.retro)),
      byAuthority: Object.fromEntries(Object.entries(tot.by).map(([k, v]) => [k, formatUsd(v)])),
    },
    notes: [
      'duty, per-authority amounts and IEEPA paid are as published on the entry date (what CBP collected); duty_legal is the law as amended',
      'refund = IEEPA duty paid (voided by the Supreme Court, 2026-02-20) + retroactive amendments outside IEEPA',
      'MPF per entry on the sum of its line values, within the fiscal year minimum and maximum; HMF on ocean lines',
      fees.interestNote,
    ],
  };
}
