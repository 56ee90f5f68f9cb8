// The Section 232 scopes of issue 12 equal their notes line for line: on a date in force, every HTS line of the
// chapters concerned is reported under the note's heading exactly when it falls under a provision the note prints
// (read from the chapter 99 text of the sources, not from the lists the law loads).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { realContext } from '../helpers.js';
import { loadLawFor } from '../../src/cli/law.js';
import { parseEntry } from '../../src/core/evaluate/parse-entry.js';
import { quote } from '../../src/core/evaluate/quote.js';
import type { Law } from '../../src/core/law/types.js';
import { notesDocument, noteText, parseNoteRef, provisionsIn, type NotesDocument } from '../../src/load/notes.js';
import type { Schedule } from '../../src/schedule/schedule.js';

let schedule: Schedule;
let law: Law;
let doc: NotesDocument;

beforeAll(async () => {
  const ctx = await realContext();
  schedule = ctx.schedule;
  law = loadLawFor(ctx);
  const file = path.join(ctx.sourcesDir, 'usitc-ch99-notes/chapter99_2026_rev_6.txt');
  doc = notesDocument('rev6', readFileSync(file, 'latin1'));
}, 120_000);

/** The provisions of note subdivisions, as printed. */
const provisions = (...refs: string[]) => refs.flatMap((r) => provisionsIn(noteText(doc, parseNoteRef(r)!)));

/** Lines of the chapters (2-digit prefixes) in force on `date`, and those the engine reports under `heading`. */
function scope(chapters: string[], heading: string, country: string, date: string) {
  const rev = schedule.revisionAt(date as never);
  const lines = schedule
    .allCodes()
    .filter((c) => c.length === 10 && chapters.includes(c.slice(0, 2)) && !!schedule.line(c, rev)?.isLine);
  const reported = lines.filter((hts) => {
    const q = quote(schedule, law, parseEntry({ hts, country, date, value: '1000' }, law));
    return q.kind === 'quote' && q.components.some((c) => c.heading === heading);
  });
  return { lines, reported };
}

function expectNoteScope(
  provs: string[],
  chapters: string[],
  heading: string,
  country: string,
  date: string,
): { lines: number; reported: number } {
  const { lines, reported } = scope(chapters, heading, country, date);
  const expected = lines.filter((l) => provs.some((p) => l.startsWith(p)));
  expect(reported, `${heading} on ${date}: lines reported vs lines under the note's provisions`).toEqual(expected);
  // Every provision the note prints names at least one line (a provision the schedule lacks would be a misprint).
  for (const p of provs)
    expect(
      lines.some((l) => l.startsWith(p)),
      `${p} names a line on ${date}`,
    ).toBe(true);
  return { lines: lines.length, reported: reported.length };
}

describe('Section 232 scopes equal their notes line for line', () => {
  it('softwood timber and lumber, 9903.76.01 = note 37(b)', () => {
    const provs = provisions('37(b)');
    expect(provs).toHaveLength(15);
    const r = expectNoteScope(provs, ['44'], '9903.76.01', 'VN', '2026-03-02');
    expect(r.reported).toBeGreaterThan(40);
  });
  it('upholstered wooden furniture, 9903.76.02 = note 37(d); cabinets and vanities, 9903.76.03 = note 37(f)', () => {
    expect(provisions('37(d)')).toEqual(['9401614011', '9401614031', '9401616011', '9401616031']);
    expect(provisions('37(f)')).toEqual(['9403409060', '9403608093', '9403910080']);
    expectNoteScope(provisions('37(d)'), ['94'], '9903.76.02', 'VN', '2026-03-02');
    expectNoteScope(provisions('37(f)'), ['94'], '9903.76.03', 'VN', '2026-03-02');
  });
  it('medium- and heavy-duty vehicles, 9903.74.01 = note 38(b); buses, 9903.74.02 = note 38(c)', () => {
    expect(provisions('38(b)')).toHaveLength(25);
    expect(provisions('38(c)')).toHaveLength(10);
    expectNoteScope(provisions('38(b)'), ['87'], '9903.74.01', 'VN', '2025-11-15');
    expectNoteScope(provisions('38(c)'), ['87'], '9903.74.02', 'VN', '2025-11-15');
  });
  it('derivative aluminum of chapter 76, 9903.85.07 = note 19(j), with its additions by date', () => {
    const all = provisions('19(j)');
    expect(all).toHaveLength(24);
    const later = ['7612100000', '7612905000', '7613000000', '76141010'];
    expectNoteScope(all, ['76'], '9903.85.07', 'VN', '2025-09-01');
    expectNoteScope(
      all.filter((p) => !later.includes(p)),
      ['76'],
      '9903.85.07',
      'VN',
      '2025-08-17',
    );
    expectNoteScope(
      all.filter((p) => !later.includes(p) && p !== '76129010'),
      ['76'],
      '9903.85.07',
      'VN',
      '2025-04-03',
    );
  });
});
