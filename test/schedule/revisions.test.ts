import { describe, expect, it } from 'vitest';
import { effectiveDates, parseChangeRecord } from '../../src/schedule/revisions.js';
import { changeRecordFileFor, compareRevisionIds, revisionIdFromHtsFile } from '../../src/core/hts/revision.js';
import type { IsoDate } from '../../src/core/time/date.js';

const RECORD = `
                   Harmonized Tariff Schedule of the United States (2025 Revision 9)

                                                April 11, 2025

                                                Change Record

              Item changed                       Nature of change       Effective date       Source
 U.S. note 2(v)(xiii)(10), subch III, ch 99   Modified (From 84% to    April 10, 2025     Executive
                                              125%)                                       Order
 9903.01.25                                   Modified                 April 10, 2025     Executive
 9903.01.63                                   Modified                 April 10, 2025     Executive
`;

describe('change records', () => {
  it('reads the publication date from the header and every dated item from the table', () => {
    const cr = parseChangeRecord(RECORD);
    expect(cr.published).toBe('2025-04-11');
    expect(cr.items.map((i) => i.item)).toEqual([
      'U.S. note 2(v)(xiii)(10), subch III, ch 99',
      '9903.01.25',
      '9903.01.63',
    ]);
    expect(cr.items[0]).toMatchObject({
      nature: 'Modified (From 84% to',
      effective: '2025-04-10',
      source: 'Executive',
    });
  });

  it('names files as USITC does', () => {
    expect(changeRecordFileFor('2025_rev_9')).toBe('2025HTSRev9_change_record.txt');
    expect(changeRecordFileFor('2026_basic')).toBe('2026HTSBasic_change_record.txt');
    expect(revisionIdFromHtsFile('hts_2026_rev_10.json.gz')).toBe('2026_rev_10');
    expect(['2026_basic', '2025_rev_10', '2025_rev_9', '2025_basic'].sort(compareRevisionIds)).toEqual([
      '2025_basic',
      '2025_rev_9',
      '2025_rev_10',
      '2026_basic',
    ]);
  });
});

describe('effective dates of revisions', () => {
  const item = (d: string) => ({ item: 'x', nature: 'Added', effective: d as IsoDate, source: 'EO' });
  const rev = (id: string, published: string, dates: string[]) => ({
    id,
    published: published as IsoDate,
    items: dates.map(item),
  });

  it('takes the latest item date up to publication, ignoring retroactive items', () => {
    const eff = effectiveDates([
      rev('2025_basic', '2025-01-01', []),
      rev('2025_rev_8', '2025-04-09', ['2025-04-09']),
      rev('2025_rev_9', '2025-04-11', ['2025-04-10']),
      rev('2025_rev_10', '2025-04-15', ['2025-04-05']), // retroactive only: publication date
    ]);
    expect([...eff.values()]).toEqual(['2025-01-01', '2025-04-09', '2025-04-10', '2025-04-15']);
  });

  it('uses the first scheduled date when every item takes effect after publication', () => {
    const eff = effectiveDates([
      rev('2025_rev_11', '2025-05-02', []),
      rev('2025_rev_12', '2025-05-13', ['2025-05-14']),
    ]);
    expect(eff.get('2025_rev_12')).toBe('2025-05-14');
  });

  it('never goes back before the previous revision', () => {
    const eff = effectiveDates([
      rev('2025_rev_1', '2025-02-05', ['2025-02-04']),
      rev('2025_rev_2', '2025-02-06', ['2025-02-06']),
      rev('2025_rev_3', '2025-02-07', ['2025-02-01']),
    ]);
    expect(eff.get('2025_rev_3')! >= eff.get('2025_rev_2')!).toBe(true);
  });
});
