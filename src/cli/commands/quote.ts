// `tariff quote`: the duty on one entry line (flags), or on every row of a CSV file (--input), streamed as JSON
// lines in input order: one result or one error per row, never stopping on a bad row.
import { createReadStream, createWriteStream, renameSync, unlinkSync } from 'node:fs';
import { once } from 'node:events';
import { parse } from 'csv-parse';
import { isInputError } from '../../core/errors.js';
import { quote, type QuoteMemo, type QuoteResult, type TraceStep } from '../../core/evaluate/quote.js';
import { withoutTrace } from '../../analytics/scenario-run.js';
import { parseEntry, type RawEntry } from '../../core/evaluate/parse-entry.js';
import type { Law } from '../../core/law/types.js';
import type { Schedule } from '../../schedule/schedule.js';
import { type Context } from '../context.js';
import { loadLawFor } from '../law.js';
import { out, printJson, table, warn, EXIT_BAD_INPUT } from '../io.js';

export interface QuoteFlags extends RawEntry {
  input?: string;
  output?: string;
  json?: boolean;
  trace?: boolean;
}

export async function runQuote(ctx: Context, flags: QuoteFlags): Promise<void> {
  const law = loadLawFor(ctx);
  if (flags.input !== undefined) return runBatch(ctx.schedule, law, flags);
  const entry = parseEntry(flags, law);
  const q = quote(ctx.schedule, law, entry);
  if (flags.json) return printJson(withoutTrace(q, flags.trace ?? false));
  printQuote(q, flags.trace ?? false);
}

function printQuote(q: QuoteResult, trace: boolean): void {
  const i = q.input;
  out(
    `${q.line.hts}  from ${i.country}, entered ${i.date}${i.value ? `, value $${i.value}` : ''}  (${i.mode}; HTS ${q.revision})`,
  );
  out(`  ${q.line.description}`);
  out('');
  if (q.kind === 'no-rate') {
    out(`No rate: ${q.reason}`);
  } else if (q.kind === 'conflict') {
    out(
      `Conflict: heading ${q.heading} is claimed by ${q.measures.join(' and ')}; the law records contradict each other`,
    );
  } else if (q.kind === 'prohibited') {
    const p = q.prohibition;
    out(`Prohibited: these goods may not be entered (${p.authority}${p.heading ? `, ${p.heading}` : ''}).`);
    out(`  ${p.title}: goods imported on or after ${p.from}.`);
    out(`  Legal source: ${p.citation}`);
    if (trace) printTrace(q.trace);
  } else {
    const rows = [['Authority', 'Heading', 'Rate', 'Ad valorem', 'Duty', 'Legal source']];
    for (const c of q.components)
      rows.push([
        c.authority,
        c.heading ?? '-',
        c.rateText,
        c.adValorem === null ? '?' : `${c.adValorem}%`,
        c.duty === null ? '-' : `$${c.duty}`,
        c.citation,
      ]);
    rows.push([
      'total',
      '',
      '',
      q.totalAdValorem === null ? '?' : `${q.totalAdValorem}%`,
      q.totalDuty === null ? '-' : `$${q.totalDuty}`,
      '',
    ]);
    out(table(rows));
    if (trace) printTrace(q.trace);
  }
  if (q.notes.length) {
    out('');
    out('Notes:');
    for (const n of q.notes) out(`  - ${n}`);
  }
}

function printTrace(trace: TraceStep[]): void {
  out('');
  out('Why (every candidate measure considered):');
  for (const s of trace)
    out(`  ${s.applied ? '+' : '-'} ${(s.heading || '-').padEnd(10)} ${s.applied ? 'applies' : s.reason}: ${s.detail}`);
}

async function runBatch(schedule: Schedule, law: Law, flags: QuoteFlags): Promise<void> {
  const input = flags.input === '-' ? process.stdin : createReadStream(flags.input!);
  const toStdout = flags.output === undefined || flags.output === '-';
  const tmp = toStdout ? null : `${flags.output}.${process.pid}.tmp`;
  const sink = toStdout ? process.stdout : createWriteStream(tmp!);
  const parser = input.pipe(
    parse({
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      skip_empty_lines: true,
      relax_column_count: true,
      bom: true,
      trim: true,
    }),
  );
  let rows = 0;
  let errors = 0;
  const memo: QuoteMemo = new Map();
  let buffer = '';
  const flush = async () => {
    if (!buffer) return;
    const ok = sink.write(buffer);
    buffer = '';
    if (!ok) await once(sink, 'drain');
  };
  try {
    for await (const rec of parser as AsyncIterable<Record<string, string>>) {
      rows++;
      let line: string;
      try {
        const e = parseEntry(rec, law);
        line = JSON.stringify(
          withoutTrace(quote(schedule, law, e, { trace: flags.trace ?? false, memo }), flags.trace ?? false),
        );
      } catch (err) {
        errors++;
        const id = rec.id ? { id: rec.id } : {};
        line = JSON.stringify(
          isInputError(err)
            ? { ...id, row: rows, error: err.toJSON() }
            : { ...id, row: rows, error: { message: err instanceof Error ? err.message : String(err) } },
        );
      }
      buffer += `${line}\n`;
      if (buffer.length > 1 << 16) await flush();
    }
    await flush();
    if (!toStdout) {
      (sink as ReturnType<typeof createWriteStream>).end();
      await once(sink, 'finish');
      renameSync(tmp!, flags.output!);
    }
  } catch (e) {
    if (tmp) {
      (sink as ReturnType<typeof createWriteStream>).destroy();
      try {
        unlinkSync(tmp);
      } catch {
        /* already gone */
      }
    }
    throw e;
  }
  if (!toStdout || process.stderr.isTTY) warn(`${rows} rows: ${rows - errors} quoted, ${errors} errors`);
  if (errors) process.exitCode = EXIT_BAD_INPUT;
}
