// The rate matrix of one date as a Parquet file: the rows and columns of the CSV (MATRIX_COLUMNS), hts10, country
// and census as strings, the percents as DOUBLE (null where the CSV cell is empty), the note as a string (null when
// there is none).
//
// The rows come from lineTreatments, as the CSV's do, and each distinct quote is turned into its CSV cells once
// (rowTail) and read back as numbers: both formats carry the same numbers by construction, and no row is formatted.
// Rows are gathered in row groups of whole lines (about 262,000 rows), the percents in typed arrays, so memory is
// bounded by a few groups whatever the number of chapters. Encoding a group (hyparquet-writer) costs more than
// computing it, so a worker thread encodes and writes while this thread computes the next groups.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { fileWriter, ParquetWriter, type ColumnSource, type SchemaElement } from 'hyparquet-writer';
import type { QuoteResult } from '../core/evaluate/quote.js';
import type { Law } from '../core/law/types.js';
import type { Schedule } from '../schedule/schedule.js';
import {
  MATRIX_COLUMNS,
  lineTreatments,
  matrixSetup,
  rowTail,
  type MatrixCountry,
  type MatrixOptions,
  type MatrixStats,
} from './matrix.js';

/** The percent columns: all but hts10, country, census and note. */
const PCT_COLUMNS = MATRIX_COLUMNS.slice(3, -1);

/** What a quote puts in a row after hts10, country and census. */
interface Cells {
  kind: QuoteResult['kind'];
  /** One per percent column; NaN where the CSV cell is empty. */
  pct: Float64Array;
  note: string | undefined;
}

/** The cells of a quote, read from its CSV tail (",mfn,...,other,note\n"). */
function cellsOf(q: QuoteResult): Cells {
  const tail = rowTail(q);
  const pct = new Float64Array(PCT_COLUMNS.length);
  let pos = 1;
  for (let k = 0; k < pct.length; k++) {
    const end = tail.indexOf(',', pos);
    pct[k] = end === pos ? NaN : Number(tail.slice(pos, end));
    pos = end + 1;
  }
  // The note is last: everything up to the newline, unquoted.
  let note = tail.slice(pos, -1);
  if (note.startsWith('"')) note = note.slice(1, -1).replace(/""/g, '"');
  return { kind: q.kind, pct, note: note || undefined };
}

function schema(): SchemaElement[] {
  const text = (name: string, nullable: boolean): SchemaElement => ({
    name,
    type: 'BYTE_ARRAY',
    converted_type: 'UTF8',
    repetition_type: nullable ? 'OPTIONAL' : 'REQUIRED',
  });
  return [
    { name: 'root', num_children: MATRIX_COLUMNS.length },
    text('hts10', false),
    text('country', false),
    text('census', false),
    ...PCT_COLUMNS.map((name): SchemaElement => ({ name, type: 'DOUBLE', repetition_type: 'OPTIONAL' })),
    text('note', true),
  ];
}

/**
 * The first `n` numbers of a column as the writer takes them: the typed array itself when there is no null, else an
 * array with a hole for each null (the writer reads a hole as null, and V8 keeps the other numbers unboxed).
 */
function nullable(col: Float64Array, n: number): Float64Array | number[] {
  let i = 0;
  while (i < n && !Number.isNaN(col[i]!)) i++;
  if (i === n) return col.subarray(0, n);
  const out = new Array<number>(n);
  for (let j = 0; j < n; j++) if (!Number.isNaN(col[j]!)) out[j] = col[j]!;
  return out;
}

/** One row group: its lines (each makes one row per country, in country order), percents and notes. */
interface Group {
  lines: string[];
  /** One per percent column, a value per row (NaN for null); may be longer than the group. */
  pct: Float64Array[];
  /** Rows with a note: [row, note]. */
  notes: [number, string][];
}

/** What the encoder needs besides the groups. */
interface EncoderInit {
  file: string;
  countries: MatrixCountry[];
  /** Lines per row group (the last may have fewer). */
  perGroup: number;
}

/** Encodes row groups into the file, in the order given. */
function encoder({ file, countries, perGroup }: EncoderInit) {
  const writer = new ParquetWriter({ writer: fileWriter(file), schema: schema(), codec: 'SNAPPY' });
  const n = countries.length;
  // Groups of whole lines: country and census are the same in every full group.
  const codes = Array.from({ length: perGroup }, () => countries.map((c) => c.code)).flat();
  const censuses = Array.from({ length: perGroup }, () => countries.map((c) => c.census)).flat();
  return {
    write(g: Group): void | Promise<void> {
      const rows = g.lines.length * n;
      const hts = new Array<string>(rows);
      g.lines.forEach((line, j) => hts.fill(line, j * n, (j + 1) * n));
      const keys = rows === codes.length ? [codes, censuses] : [codes.slice(0, rows), censuses.slice(0, rows)];
      const columnData: ColumnSource[] = [hts, ...keys].map((data, i) => ({
        name: MATRIX_COLUMNS[i]!,
        data,
        // The writer samples a column to decide on a dictionary; its samples of hts10 are all distinct (one line
        // is 237 rows), so the key columns ask for one.
        encoding: 'RLE_DICTIONARY',
        // Min and max where they let a reader skip row groups (rows are in HTS order); elsewhere they cost more
        // time than they save.
        statistics: i === 0,
      }));
      PCT_COLUMNS.forEach((name, k) => columnData.push({ name, data: nullable(g.pct[k]!, rows), statistics: false }));
      const note = new Array<string>(rows);
      for (const [r, text] of g.notes) note[r] = text;
      columnData.push({ name: 'note', data: note, statistics: false });
      return writer.write({ columnData, rowGroupSize: rows });
    },
    finish: () => writer.finish(),
  };
}

type ToWorker = { group: Group } | { end: true };
type FromWorker = { written: true } | { done: true };

// The encoder as a worker thread: started from the compiled module (below), it takes groups and acknowledges each.
if (!isMainThread && (workerData as { matrixParquet?: EncoderInit } | null)?.matrixParquet) {
  const enc = encoder((workerData as { matrixParquet: EncoderInit }).matrixParquet);
  // One message at a time, in order (a failure ends the worker with an error event).
  let queue = Promise.resolve();
  parentPort!.on('message', (m: ToWorker) => {
    queue = queue.then(async () => {
      if ('group' in m) {
        await enc.write(m.group);
        parentPort!.postMessage({ written: true } satisfies FromWorker);
      } else {
        await enc.finish();
        parentPort!.postMessage({ done: true } satisfies FromWorker);
        parentPort!.close();
      }
    });
  });
}

/** Groups in flight to the worker at most: enough to keep it busy, few enough to bound memory. */
const IN_FLIGHT = 2;

/**
 * The encoder in a worker thread, or in this thread under a TypeScript runner (tests), where there is no compiled
 * module to start.
 */
function sink(init: EncoderInit): { write(g: Group): Promise<void>; finish(): Promise<void>; abort(): Promise<void> } {
  if (!import.meta.url.endsWith('.js')) {
    const enc = encoder(init);
    return { write: async (g) => enc.write(g), finish: async () => enc.finish(), abort: async () => {} };
  }
  const worker = new Worker(new URL(import.meta.url), { workerData: { matrixParquet: init } });
  let failed: Error | null = null;
  let inFlight = 0;
  let wake: (() => void) | null = null;
  let done = false;
  worker.on('message', (m: FromWorker) => {
    if ('written' in m) inFlight--;
    else done = true;
    wake?.();
  });
  worker.on('error', (e) => {
    failed = e;
    wake?.();
  });
  worker.on('exit', (code) => {
    if (!done && !failed) failed = new Error(`the Parquet worker exited with code ${code}`);
    wake?.();
  });
  const until = async (ready: () => boolean) => {
    while (!ready() && !failed) await new Promise<void>((w) => (wake = w));
    wake = null;
    if (failed) throw failed;
  };
  return {
    async write(g) {
      await until(() => inFlight < IN_FLIGHT);
      inFlight++;
      // The percents move to the worker (not copied).
      worker.postMessage(
        { group: g } satisfies ToWorker,
        g.pct.map((a) => a.buffer as ArrayBuffer),
      );
    },
    async finish() {
      worker.postMessage({ end: true } satisfies ToWorker);
      await until(() => done);
    },
    async abort() {
      await worker.terminate();
    },
  };
}

export interface ParquetOptions extends MatrixOptions {
  /** Rows per row group, rounded down to whole lines (default 2^18). */
  rowGroupRows?: number;
}

/**
 * Writes the matrix of a date to `file` as Parquet (snappy-compressed, dictionary-encoded where that pays), rows in
 * the CSV's order. The file is written in place: the caller renames it into place when this resolves, and removes
 * it when this rejects.
 */
export async function writeMatrixParquet(
  schedule: Schedule,
  law: Law,
  opts: ParquetOptions,
  file: string,
): Promise<MatrixStats> {
  const { mode, date, lines, cc, stats } = matrixSetup(schedule, law, opts);
  const { countries, treatmentOf } = cc;
  const n = countries.length;
  const perGroup = Math.max(1, Math.floor((opts.rowGroupRows ?? 1 << 18) / n));
  const out = sink({ file, countries, perGroup });
  const fresh = (): Group => ({
    lines: [],
    pct: PCT_COLUMNS.map(() => new Float64Array(perGroup * n)),
    notes: [],
  });
  let g = fresh();
  let r = 0;
  const counted = () => void stats.quotes++;
  try {
    for (const { hts, values } of lineTreatments(schedule, law, date, mode, lines, cc, cellsOf, counted)) {
      g.lines.push(hts);
      for (let i = 0; i < n; i++, r++) {
        const c = values[treatmentOf[i]!]!;
        if (c.kind === 'no-rate') stats.noRate++;
        else if (c.kind === 'prohibited') stats.prohibited++;
        else if (c.kind === 'conflict') stats.conflicts++;
        for (let k = 0; k < c.pct.length; k++) g.pct[k]![r] = c.pct[k]!;
        if (c.note !== undefined) g.notes.push([r, c.note]);
      }
      stats.rows += n;
      if (g.lines.length === perGroup) {
        await out.write(g);
        g = fresh();
        r = 0;
      }
    }
    if (g.lines.length) await out.write(g);
    await out.finish();
  } catch (e) {
    await out.abort();
    throw e;
  }
  return stats;
}
