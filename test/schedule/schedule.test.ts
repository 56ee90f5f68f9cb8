// The Schedule read from the real sources: hierarchy, inheritance, dates, changes. Expected values are read from
// the USITC JSON (see hts-data.md for the audit they come from).
import { beforeAll, describe, expect, it } from 'vitest';
import { realContext } from '../helpers.js';
import type { Schedule } from '../../src/schedule/schedule.js';
import { diffRevisions } from '../../src/schedule/diff.js';
import { openSearch } from '../../src/schedule/open.js';
import type { IsoDate } from '../../src/core/time/date.js';
import { isInputError } from '../../src/core/errors.js';

let s: Schedule;
let cacheDir: string;
beforeAll(async () => {
  const ctx = await realContext();
  s = ctx.schedule;
  cacheDir = ctx.cacheDir;
});

describe('revisions', () => {
  it('are the 44 files, in USITC order, with dates from the change records', () => {
    expect(s.revisions).toHaveLength(44);
    expect(s.first.id).toBe('2025_basic');
    expect(s.latest.id).toBe('2026_rev_10');
    expect(s.revision('2025_rev_9')).toMatchObject({ published: '2025-04-11', effective: '2025-04-10' });
    expect(s.revision('2026_rev_4')).toMatchObject({ published: '2026-02-25', effective: '2026-02-24' });
    for (let i = 1; i < s.revisions.length; i++)
      expect(s.revisions[i]!.effective >= s.revisions[i - 1]!.effective).toBe(true);
  });

  it('revisionAt picks the revision in force, at both edges of a window', () => {
    expect(s.revisionAt('2025-04-09' as IsoDate).id).toBe('2025_rev_8');
    expect(s.revisionAt('2025-04-10' as IsoDate).id).toBe('2025_rev_9');
    expect(s.revisionAt('2025-04-14' as IsoDate).id).toBe('2025_rev_9');
    expect(s.revisionAt('2025-04-15' as IsoDate).id).toBe('2025_rev_10');
    expect(s.revisionAt('2025-04-10' as IsoDate, 'published').id).toBe('2025_rev_8');
    expect(s.revisionAt('2025-04-11' as IsoDate, 'published').id).toBe('2025_rev_9');
    expect(s.revisionAt('2025-01-01' as IsoDate).id).toBe('2025_basic');
    expect(s.revisionAt('2027-01-01' as IsoDate).id).toBe('2026_rev_10');
  });

  it('a date before the first revision is an error naming the covered range', () => {
    let err: unknown;
    try {
      s.revisionAt('2024-12-31' as IsoDate);
    } catch (e) {
      err = e;
    }
    expect(isInputError(err)).toBe(true);
    expect((err as Error).message).toContain('2024-12-31');
    expect((err as { accepted: string }).accepted).toContain('2025-01-01');
  });
});

describe('lines', () => {
  it('a statistical line inherits rates and footnotes from its 8-digit legal line', () => {
    const l = s.line('6109100012', s.revision('2025_rev_9'))!;
    expect(l).toMatchObject({
      hts: '6109.10.0012',
      general: '16.5%',
      other: '90%',
      special: 'Free (AU,BH,CL,CO,IL,JO,KR,MA,OM,P,PA,PE,S,SG)',
      rateSource: '61091000',
      units: ['doz.', 'kg'],
      chapter99: ['9903.88.15'],
      isLine: true,
    });
    expect(l.path.map((p) => p.description)).toEqual([
      'T-shirts, singlets, tank tops and similar garments, knitted or crocheted:',
      'Of cotton',
      "Men's or boys':",
      'Other T-shirts:',
      "Men's (338)",
    ]);
  });

  it('a self-rated 10-digit line carries its own rates', () => {
    const l = s.line('0101300000', s.first)!;
    expect(l.rateSource).toBe('0101300000');
    expect(l.general).toBe('6.8%');
    expect(l.other).toBe('15%');
  });

  it('the one line without a rate in any revision says so (9802.00.91.00)', () => {
    for (const r of [s.first, s.latest]) {
      const l = s.line('9802009100', r)!;
      expect(l.rateSource).toBeNull();
      expect(l.general).toBe('');
    }
  });

  it('a statistical column-2 override is kept (9006.59.15.20)', () => {
    expect(s.line('9006591520', s.first)!.other).toBe('20%');
  });

  it('indent jumps are handled by the stack rule (2620.99.75.20 under 2620.99.75)', () => {
    const l = s.line('2620997520', s.first)!;
    expect(l.path.map((p) => p.code)).toEqual(['2620', '', '262099', '26209975', '2620997520']);
  });

  it('markup is stripped: no rate or description of any line carries HTML', () => {
    for (const rev of [s.revision('2025_rev_4'), s.latest]) {
      for (const code of s.codesIn(rev)) {
        const l = s.line(code, rev)!;
        expect(`${l.general}${l.special}${l.other}${l.description}`).not.toMatch(/<[a-z/]/i);
      }
    }
  });

  it('every 10-digit line of every revision but the known exceptions resolves a rate', () => {
    const failures: string[] = [];
    for (const rev of s.revisions)
      for (const code of s.codesIn(rev))
        if (code.length === 10 && s.line(code, rev)!.rateSource === null) failures.push(`${rev.id}:${code}`);
    const unexpected = failures.filter((f) => !f.endsWith(':9802009100'));
    // 2025 rev 16 has an orphan 9401.99.30.30 whose 8-digit row does not exist (hts-data.md §2c).
    expect(unexpected).toEqual(['2025_rev_16:9401993030']);
    expect(failures.filter((f) => f.endsWith(':9802009100'))).toHaveLength(44);
  });

  it('unknown codes suggest the nearest existing ones', () => {
    let err: unknown;
    try {
      s.requireLine('6109100099', s.latest);
    } catch (e) {
      err = e;
    }
    expect(isInputError(err)).toBe(true);
    expect((err as { suggestions: string[] }).suggestions[0]).toMatch(/^6109\.10\.00/);
  });

  it('history lists real changes only (the China reciprocal heading)', () => {
    const h = s.history('99030163').filter((c) => c.field === 'general');
    expect(h.map((c) => [c.revision, c.to])).toEqual([
      ['2025_rev_8', 'The duty provided in the applicable subheading + 84%'],
      ['2025_rev_9', 'The duty provided in the applicable subheading + 125%'],
      ['2025_rev_12', 'The duty provided in the applicable subheading + 34%'],
    ]);
    // Markup toggling between revisions (e.g. "2.5%" <-> "2.5%<u></u>") is not a change.
    expect(s.history('8708292500').filter((c) => c.field === 'general')).toEqual([]);
  });
});

describe('diff', () => {
  it('2025 rev 8 -> rev 9: China 9903.01.63 goes from +84% to +125%', () => {
    const d = diffRevisions(s, s.revision('2025_rev_8'), s.revision('2025_rev_9'));
    const h = d.chapter99.rerated.find((x) => x.hts === '9903.01.63');
    expect(h?.general).toEqual({
      from: 'The duty provided in the applicable subheading + 84%',
      to: 'The duty provided in the applicable subheading + 125%',
    });
    expect(d.lines.rerated).toEqual([]);
  });

  it('2026 rev 1 -> rev 2: the re-numbered lines (+153 / -66 10-digit lines)', () => {
    const d = diffRevisions(s, s.revision('2026_rev_1'), s.revision('2026_rev_2'));
    expect(d.lines.added.filter((l) => l.hts.length === 12)).toHaveLength(153);
    expect(d.lines.removed.filter((l) => l.hts.length === 12)).toHaveLength(66);
    expect(d.lines.added.map((l) => l.hts)).toContain('0201.30.5091');
  });

  it('byte-identical revisions have no differences (2025 rev 12 = rev 13)', () => {
    const d = diffRevisions(s, s.revision('2025_rev_12'), s.revision('2025_rev_13'));
    expect(d.lines.added.length + d.lines.removed.length + d.lines.rerated.length + d.lines.described).toBe(0);
    expect(d.chapter99.rerated.length + d.chapter99.added.length + d.chapter99.reworded.length).toBe(0);
  });
});

describe('search', () => {
  it('finds lines by words anywhere in their description path, ranked', () => {
    const a = openSearch(s, cacheDir).search('cotton t-shirts men', s.latest, { limit: 10 });
    expect(a.partial).toBe(false);
    expect(a.hits.map((h) => h.hts)).toContain('6109.10.0012');
    expect(a.hits.every((h) => h.hts.startsWith('6109.10'))).toBe(true);
  });

  it('filters by chapter and by the revision in force on a date', () => {
    const search = openSearch(s, cacheDir);
    const a = search.search('bananas', s.latest, { chapter: 8 });
    expect(a.hits.length).toBeGreaterThan(0);
    expect(a.hits.every((h) => h.hts.startsWith('08'))).toBe(true);
    // 0901.11.00.35 was established in 2025 rev 16: not in 2025 basic.
    const before = search.search('coffee', s.first, { limit: 200 }).hits.map((h) => h.hts);
    const after = search.search('coffee', s.latest, { limit: 200 }).hits.map((h) => h.hts);
    expect(before).not.toContain('0901.11.0035');
    expect(after).toContain('0901.11.0035');
  });

  it('falls back to lines with some of the words when none has all', () => {
    const a = openSearch(s, cacheDir).search('bananas zzyzxq', s.latest);
    expect(a.partial).toBe(true);
    expect(a.hits.length).toBeGreaterThan(0);
  });
});
