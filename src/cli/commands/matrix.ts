// `tariff matrix --date D`: the rate of every HTS-10 line of chapters 1-97 x every country with a Census code, as
// CSV streamed to a temporary file renamed into place when complete (or to stdout with `--output -`), or with
// `--format parquet` as a Parquet file (written the same way; never to stdout, a Parquet file ends with its index).
import { closeSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseChapters, writeMatrix } from '../../analytics/matrix.js';
import { writeMatrixParquet } from '../../analytics/parquet.js';
import { FIRST_DATE } from '../../core/evaluate/parse-entry.js';
import type { Mode } from '../../core/evaluate/entry.js';
import { InputError } from '../../core/errors.js';
import { parseIsoDate } from '../../core/time/date.js';
import type { Context } from '../context.js';
import { loadLawFor } from '../law.js';
import { out, printJson, warn } from '../io.js';

export interface MatrixCliOptions {
  date?: string;
  mode?: string;
  format?: string;
  output?: string;
  chapters?: string;
  json?: boolean;
}

/** Checks the options before anything is loaded or written: bad input exits with code 2 and names the field. */
function parseOptions(opts: MatrixCliOptions): {
  date: ReturnType<typeof parseIsoDate>;
  mode: Mode;
  format: 'csv' | 'parquet';
  chapters?: Set<number>;
} {
  if (!opts.date) throw new InputError('date', '', 'date is missing', 'the date of entry, YYYY-MM-DD');
  const date = parseIsoDate(opts.date, 'date');
  if (date < FIRST_DATE)
    throw new InputError(
      'date',
      opts.date,
      `date ${date} is before ${FIRST_DATE}, where tariff's data begins`,
      `a date from ${FIRST_DATE} on`,
    );
  const mode = (opts.mode ?? 'legal') as Mode;
  if (mode !== 'legal' && mode !== 'as-published')
    throw new InputError('mode', opts.mode, `mode "${opts.mode}" is not a reading of the law`, 'legal or as-published');
  const format = opts.format ?? 'csv';
  if (format !== 'csv' && format !== 'parquet')
    throw new InputError('format', format, `format "${format}" is not supported`, 'csv or parquet');
  if (format === 'parquet' && (!opts.output || opts.output === '-'))
    throw new InputError(
      'output',
      opts.output ?? '',
      `output ${opts.output ? '"-" is stdout' : 'is missing'}: a Parquet file cannot be streamed (its index comes last)`,
      '--output FILE.parquet',
    );
  let chapters: Set<number> | undefined;
  if (opts.chapters !== undefined) {
    const c = parseChapters(opts.chapters);
    if (!c)
      throw new InputError(
        'chapters',
        opts.chapters,
        `chapters "${opts.chapters}" is not a list of chapters`,
        'chapters from 1 to 97, single or as ranges, e.g. 1-97, 61,62 or 72-73,84',
      );
    chapters = c;
  }
  return { date, mode, format, ...(chapters ? { chapters } : {}) };
}

/** Writes a temporary file next to `path` and renames it into place when complete; removes it on failure. */
async function atomically<T>(path: string, write: (tmp: string) => Promise<T>): Promise<T> {
  const target = resolve(path);
  mkdirSync(dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
  try {
    const result = await write(tmp);
    renameSync(tmp, target);
    return result;
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* nothing to clean */
    }
    throw e;
  }
}

/** Streams the CSV chunks of `write` to a file. */
async function toFile<T>(file: string, write: (sink: (chunk: string) => void) => Promise<T>): Promise<T> {
  const fd = openSync(file, 'w');
  try {
    return await write((chunk) => {
      writeSync(fd, chunk);
    });
  } finally {
    closeSync(fd);
  }
}

/** Writes chunks to stdout, waiting for it to drain when its buffer is full. */
function toStdout(chunk: string): void | Promise<void> {
  if (process.stdout.write(chunk)) return;
  return new Promise((done) => process.stdout.once('drain', () => done()));
}

export async function runMatrix(ctx: Context, opts: MatrixCliOptions): Promise<void> {
  const { date, mode, format, chapters } = parseOptions(opts);
  const output = opts.output ?? '-';
  if (!opts.output && process.stdout.isTTY)
    throw new InputError(
      'output',
      '',
      'the matrix has millions of rows: give a file to write it to',
      '--output FILE.csv (or --output - for stdout)',
    );
  const started = performance.now();
  const law = loadLawFor(ctx);
  // Checked before a file is opened: a date before the first revision is bad input.
  ctx.schedule.revisionAt(date, mode === 'as-published' ? 'published' : 'effective');
  if (date > ctx.schedule.latest.published)
    warn(
      `the sources end with HTS ${ctx.schedule.latest.id} (published ${ctx.schedule.latest.published}): ${date} is answered from the law as last known`,
    );
  const options = { date, mode, ...(chapters ? { chapters } : {}) };
  const stats =
    output === '-'
      ? await writeMatrix(ctx.schedule, law, options, toStdout)
      : await atomically(output, (tmp) =>
          format === 'parquet'
            ? writeMatrixParquet(ctx.schedule, law, options, tmp)
            : toFile(tmp, (sink) => writeMatrix(ctx.schedule, law, options, sink)),
        );
  const seconds = (performance.now() - started) / 1000;
  const summary = { ...stats, output, seconds: Math.round(seconds * 100) / 100 };
  // The rows went to stdout: the summary goes to stderr.
  if (output === '-') {
    warn(
      `${stats.rows} rows (${stats.lines} lines x ${stats.countries} countries, HTS ${stats.revision}) in ${seconds.toFixed(1)} s`,
    );
    return;
  }
  if (opts.json) return printJson(summary);
  out(
    `${output}: ${stats.rows.toLocaleString('en-US')} rows = ${stats.lines.toLocaleString('en-US')} lines x ${stats.countries} countries, ${date} (${mode}; HTS ${stats.revision})`,
  );
  out(
    `  ${stats.classes} country classes (${stats.treatments} distinct treatments), ${stats.quotes.toLocaleString('en-US')} quotes, ${seconds.toFixed(1)} s`,
  );
  if (stats.noRate) out(`  ${stats.noRate} rows without a rate (see the note column)`);
  if (stats.prohibited)
    out(`  ${stats.prohibited} rows of goods that may not be entered (prohibited, see the note column)`);
  if (stats.conflicts) out(`  ${stats.conflicts} rows with conflicting measures (see the note column)`);
}
