// Builds the compiled index from the revision files: parse (in worker threads), normalize, share identical rows
// between revisions (a revision differs from its predecessor in a median of 5 numbered rows: storing each distinct
// row once is the delta storage), and write typed arrays for a fast, allocation-light load.
import { readFileSync, existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { parseRevisionFile, type ParsedRevisionFile } from './parse-file.js';
import type { Row } from './normalize.js';
import { parseChangeRecord, effectiveDates, type ChangeItem } from './revisions.js';
import { writeIndexFile } from './index-file.js';
import type { IsoDate } from '../core/time/date.js';

export interface RevisionSource {
  id: string;
  htsPath: string;
  changeRecordPath?: string;
  /** The date the release became current, from the USITC release list (when its change record is missing). */
  released?: IsoDate;
}

export interface BuildInput {
  /** Checksum of the sources the index is built from; the index is valid for these sources only. */
  key: string;
  revisions: RevisionSource[];
  /** reference-yale/revision_dates.csv: dates of revisions whose change record is not in the sources. */
  revisionDatesCsv?: string;
}

export interface RevisionMeta {
  id: string;
  file: string;
  contentSha256: string;
  published: IsoDate;
  effective: IsoDate;
  dateSource: string;
  rows: number;
  changeItems: number;
}

export interface IndexHeader {
  key: string;
  built: string;
  revisions: RevisionMeta[];
  rowVersions: number;
  codes: number;
  strings: number;
}

export const FOOTNOTE_COLUMNS = ['general', 'special', 'other', 'stat', 'units', 'desc'] as const;

/**
 * Parses every file, in worker threads when the compiled worker exists, and hands each result to `onResult` in file
 * order (results that arrive early wait for their turn), so that memory holds a few revisions, not 44.
 */
async function parseAll(
  paths: string[],
  workers: number,
  onResult: (i: number, parsed: ParsedRevisionFile) => void,
): Promise<void> {
  const workerFile = fileURLToPath(new URL('./parse-worker.js', import.meta.url));
  // Under a TypeScript runner (tests) there is no compiled worker: parse in this thread.
  if (workers <= 1 || !existsSync(workerFile)) {
    paths.forEach((p, i) => onResult(i, parseRevisionFile(p)));
    return;
  }
  const pending = new Map<number, ParsedRevisionFile>();
  let nextToDeliver = 0;
  const deliver = () => {
    while (pending.has(nextToDeliver)) {
      const r = pending.get(nextToDeliver)!;
      pending.delete(nextToDeliver);
      onResult(nextToDeliver++, r);
    }
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(workers, paths.length) }, () => {
      const w = new Worker(workerFile);
      return new Promise<void>((resolve, reject) => {
        const send = () => {
          if (next >= paths.length) {
            void w.terminate().then(() => resolve());
            return;
          }
          const i = next++;
          w.postMessage({ path: paths[i], i });
        };
        w.on('message', (m: { i: number; result?: ParsedRevisionFile; error?: string }) => {
          if (m.error) {
            void w.terminate();
            reject(new Error(`${paths[m.i]}: ${m.error}`));
            return;
          }
          pending.set(m.i, m.result!);
          try {
            deliver();
          } catch (e) {
            void w.terminate();
            reject(e);
            return;
          }
          send();
        });
        w.on('error', reject);
        send();
      });
    }),
  );
}

function yaleRevisionDates(path: string | undefined): Map<string, IsoDate> {
  const out = new Map<string, IsoDate>();
  if (!path || !existsSync(path)) return out;
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/).slice(1)) {
    const [rev, date] = line.split(',');
    if (!rev || !date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) continue;
    // The tracker labels 2025 revisions without a year ("rev_9") and its numbering differs from USITC's for 2025;
    // only its 2026 labels match USITC file names, so only those are used.
    if (/^2026_/.test(rev)) out.set(rev, date as IsoDate);
  }
  return out;
}

export interface BuildStats {
  revisions: number;
  rows: number;
  rowVersions: number;
  codes: number;
  strings: number;
  bytes: number;
  parseMs: number;
  totalMs: number;
}

export async function buildIndex(
  input: BuildInput,
  outPath: string,
  opts: { workers?: number } = {},
): Promise<BuildStats> {
  const t0 = performance.now();
  const workers = opts.workers ?? Math.max(1, Math.min(cpus().length, 4));
  // Dates from the change records.
  const yale = yaleRevisionDates(input.revisionDatesCsv);
  const dated = input.revisions.map((r) => {
    let published: IsoDate | null = null;
    let items: ChangeItem[] = [];
    let dateSource = '';
    if (r.changeRecordPath && existsSync(r.changeRecordPath)) {
      const cr = parseChangeRecord(readFileSync(r.changeRecordPath, 'utf8'));
      published = cr.published;
      items = cr.items;
      dateSource = 'USITC change record header';
    }
    if (!published && /_basic$/.test(r.id)) {
      published = `${r.id.slice(0, 4)}-01-01` as IsoDate;
      dateSource = 'basic edition, published January 1';
    }
    if (!published && r.released) {
      published = r.released;
      dateSource = 'USITC release list (releaseStartDate; no change record in the sources)';
    }
    if (!published && yale.has(r.id)) {
      published = yale.get(r.id)!;
      dateSource = 'reference-yale/revision_dates.csv (no USITC change record in the sources)';
    }
    if (!published) throw new Error(`revision ${r.id}: no change record and no known date; run \`tariff sync\``);
    return { id: r.id, published, items, dateSource };
  });
  const effective = effectiveDates(dated);

  // Interning.
  const strings: string[] = [];
  const stringIds = new Map<string, number>();
  const sid = (s: string): number => {
    let id = stringIds.get(s);
    if (id === undefined) {
      id = strings.length;
      strings.push(s);
      stringIds.set(s, id);
    }
    return id;
  };
  sid('');

  const rv = {
    code: [] as number[],
    indent: [] as number[],
    desc: [] as number[],
    flags: [] as number[],
    general: [] as number[],
    special: [] as number[],
    other: [] as number[],
    addl: [] as number[],
    unitsStart: [0] as number[],
    footStart: [0] as number[],
  };
  const unitsList: number[] = [];
  const footCols: number[] = [];
  const footValue: number[] = [];
  const footType: number[] = [];
  const rowIds = new Map<string, number>();
  const rowKey = (r: Row) =>
    [
      r.code,
      r.indent,
      r.description,
      r.superior ? 1 : 0,
      r.general,
      r.special,
      r.other,
      r.additionalDuties,
      r.units.join('\u0002'),
      r.footnotes.map((f) => `${f.columns.join(',')}\u0003${f.value}\u0003${f.type}`).join('\u0002'),
    ].join('\u0001');
  const addRow = (r: Row): number => {
    const key = rowKey(r);
    let id = rowIds.get(key);
    if (id !== undefined) return id;
    id = rv.code.length;
    rowIds.set(key, id);
    rv.code.push(r.code ? sid(r.code) : -1);
    rv.indent.push(r.indent);
    rv.desc.push(sid(r.description));
    rv.flags.push(r.superior ? 1 : 0);
    rv.general.push(sid(r.general));
    rv.special.push(sid(r.special));
    rv.other.push(sid(r.other));
    rv.addl.push(sid(r.additionalDuties));
    for (const u of r.units) unitsList.push(sid(u));
    rv.unitsStart.push(unitsList.length);
    for (const f of r.footnotes) {
      let mask = 0;
      for (const c of f.columns) {
        const bit = FOOTNOTE_COLUMNS.indexOf(c as (typeof FOOTNOTE_COLUMNS)[number]);
        if (bit >= 0) mask |= 1 << bit;
      }
      footCols.push(mask);
      footValue.push(sid(f.value));
      footType.push(sid(f.type));
    }
    rv.footStart.push(footCols.length);
    return id;
  };

  const codePositions = new Map<string, Int32Array>();
  const nRev = input.revisions.length;
  const revChunks: { rows: Int32Array; parents: Int32Array }[] = [];
  const metas: RevisionMeta[] = [];
  let totalRows = 0;
  const onResult = (ri: number, p: ParsedRevisionFile) => {
    const rowsOut = new Int32Array(p.rows.length);
    const parentsOut = new Int32Array(p.rows.length);
    const stack: { indent: number; pos: number }[] = [];
    p.rows.forEach((row, pos) => {
      rowsOut[pos] = addRow(row);
      // Parent: the nearest preceding row with a smaller indent (hts-data.md §2a); indents may jump by more than one.
      while (stack.length && stack[stack.length - 1]!.indent >= row.indent) stack.pop();
      parentsOut[pos] = stack.length ? stack[stack.length - 1]!.pos : -1;
      stack.push({ indent: row.indent, pos });
      if (row.code) {
        let arr = codePositions.get(row.code);
        if (!arr) {
          arr = new Int32Array(nRev).fill(-1);
          codePositions.set(row.code, arr);
        }
        if (arr[ri] === -1) arr[ri] = pos;
      }
    });
    revChunks[ri] = { rows: rowsOut, parents: parentsOut };
    totalRows += p.rows.length;
    const d = dated[ri]!;
    metas.push({
      id: d.id,
      file: input.revisions[ri]!.htsPath.split('/').pop()!,
      contentSha256: p.contentSha256,
      published: d.published,
      effective: effective.get(d.id)!,
      dateSource: d.dateSource,
      rows: p.rows.length,
      changeItems: d.items.length,
    });
  };
  await parseAll(
    input.revisions.map((r) => r.htsPath),
    workers,
    onResult,
  );
  const parseMs = performance.now() - t0;
  const revRowStart = new Int32Array(nRev + 1);
  const revRows = new Int32Array(totalRows);
  const revParent = new Int32Array(totalRows);
  revChunks.forEach((c, ri) => {
    revRowStart[ri + 1] = revRowStart[ri]! + c.rows.length;
    revRows.set(c.rows, revRowStart[ri]);
    revParent.set(c.parents, revRowStart[ri]);
  });

  const codes = [...codePositions.keys()].sort();
  const codePos = new Int32Array(codes.length * nRev);
  codes.forEach((c, i) => codePos.set(codePositions.get(c)!, i * nRev));

  const header: IndexHeader = {
    key: input.key,
    built: new Date().toISOString(),
    revisions: metas,
    rowVersions: rv.code.length,
    codes: codes.length,
    strings: strings.length,
  };
  const i32 = (a: number[]) => Int32Array.from(a);
  const bytes = writeIndexFile(outPath, header, {
    strings,
    codes,
    changeItems: dated.map((d) => d.items),
    rvCode: i32(rv.code),
    rvIndent: i32(rv.indent),
    rvDesc: i32(rv.desc),
    rvFlags: i32(rv.flags),
    rvGeneral: i32(rv.general),
    rvSpecial: i32(rv.special),
    rvOther: i32(rv.other),
    rvAddl: i32(rv.addl),
    rvUnitsStart: i32(rv.unitsStart),
    unitsList: i32(unitsList),
    rvFootStart: i32(rv.footStart),
    footCols: i32(footCols),
    footValue: i32(footValue),
    footType: i32(footType),
    revRowStart,
    revRows,
    revParent,
    codePos,
  });
  return {
    revisions: nRev,
    rows: totalRows,
    rowVersions: rv.code.length,
    codes: codes.length,
    strings: strings.length,
    bytes,
    parseMs,
    totalMs: performance.now() - t0,
  };
}
