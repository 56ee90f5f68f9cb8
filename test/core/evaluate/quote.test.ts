// The engine on a small, hand-made law and schedule: decision lists, precedence, floors, content shares,
// retroactive readings, conflicts, and the batch memo. Independent of the real data.
import { describe, expect, it } from 'vitest';
import { quote, type Quote, type QuoteMemo } from '../../../src/core/evaluate/quote.js';
import type { Entry, ScheduleLine, ScheduleView } from '../../../src/core/evaluate/entry.js';
import type { Candidate, Law, Program } from '../../../src/core/law/types.js';
import { D } from '../../../src/core/money/index.js';
import type { IsoDate } from '../../../src/core/time/date.js';

const d = (s: string) => s as IsoDate;

const lines: Record<string, ScheduleLine> = {
  '1111110000': {
    code: '1111110000',
    hts: '1111.11.0000',
    description: 'Widgets',
    path: [{ code: '1111110000', description: 'Widgets' }],
    general: '4%',
    special: 'Free (S)',
    other: '35%',
    rateSource: '1111110000',
    isLine: true,
  },
  '2222220000': {
    code: '2222220000',
    hts: '2222.22.0000',
    description: 'Gadgets',
    path: [{ code: '2222220000', description: 'Gadgets' }],
    general: '20%',
    special: '',
    other: '50%',
    rateSource: '2222220000',
    isLine: true,
  },
  '3333330000': {
    code: '3333330000',
    hts: '3333.33.0000',
    description: 'Liquids',
    path: [{ code: '3333330000', description: 'Liquids' }],
    general: '6.3¢/liter',
    special: '',
    other: '',
    rateSource: '3333330000',
    isLine: true,
  },
};

const rev = { id: 'test_rev', published: d('2025-01-01'), effective: d('2025-01-01') };
const schedule: ScheduleView = {
  latest: rev,
  revisionAt: () => rev,
  requireLine: (digits) => {
    const l = lines[digits];
    if (!l) throw new Error(`no line ${digits}`);
    return l;
  },
};

function cand(c: Partial<Candidate> & Pick<Candidate, 'heading' | 'rates'>): Candidate {
  return { id: `${c.heading}${c.id ?? ''}`, title: c.heading, ...c };
}
function program(
  id: string,
  authority: Program['authority'],
  candidates: Candidate[],
  dependsOn: string[] = [],
): Program {
  return { id, authority, title: id, file: `${id}.yaml`, candidates, dependsOn, notModelled: [] };
}

function law(extra: Partial<Law> = {}): Law {
  const metals = program('metal', 's232', [
    cand({
      heading: '9903.00.10',
      products: { prefixes: ['2222'] },
      rates: [{ from: d('2025-03-01'), rate: { kind: 'content', percent: '50', content: 'steel' }, ref: 'r' }],
    }),
  ]);
  const border = program('border', 'ieepa_fentanyl', [
    cand({
      heading: '9903.00.20',
      countries: { codes: ['AA'] },
      when: { programClaimed: ['S'] },
      rates: [{ from: d('2025-01-01'), rate: { kind: 'none' }, ref: 'r' }],
    }),
    cand({
      heading: '9903.00.21',
      countries: { codes: ['AA'] },
      rates: [{ from: d('2025-01-01'), rate: { kind: 'add', percent: '25' }, ref: 'r' }],
    }),
  ]);
  const recip = program(
    'recip',
    'ieepa_reciprocal',
    [
      cand({
        heading: '9903.00.30',
        when: { subjectTo: { authority: ['s232'] } },
        rates: [{ from: d('2025-01-01'), rate: { kind: 'none' }, ref: 'r' }],
      }),
      cand({
        heading: '9903.00.31',
        countries: { codes: ['BB'] },
        when: { mfnAtLeast: 15 },
        rates: [{ from: d('2025-01-01'), rate: { kind: 'none' }, ref: 'r' }],
      }),
      cand({
        heading: '9903.00.32',
        countries: { codes: ['BB'] },
        when: { mfnBelow: 15 },
        rates: [
          { from: d('2025-01-01'), rate: { kind: 'floor', percent: '15' }, ref: 'r', published: d('2025-02-01') },
        ],
      }),
      cand({
        heading: '9903.00.33',
        countries: { codes: ['BB'] },
        share: 'remainder',
        rates: [
          {
            from: d('2025-01-01'),
            to: d('2025-01-15'),
            toPublished: d('2025-02-01'),
            rate: { kind: 'add', percent: '30' },
            ref: 'r',
          },
        ],
      }),
      cand({
        heading: '9903.00.39',
        share: 'remainder',
        rates: [{ from: d('2025-01-01'), rate: { kind: 'add', percent: '10' }, ref: 'r' }],
      }),
    ],
    ['metal'],
  );
  return {
    programs: [metals, border, recip],
    precedence: [
      { id: 'p', title: 'metal over border', from: d('2025-06-01'), tiers: [['metal'], ['border']], ref: 'r' },
    ],
    references: new Map([['r', { id: 'r', title: 'Ref' }]]),
    lists: new Map(),
    countries: {
      countries: new Map(),
      groups: new Map([['column-2', { name: 'column-2', title: '', citation: '', members: [{ code: 'CC' }] }]]),
    },
    specialPrograms: new Map([['S', { code: 'S', title: 'S', countries: ['AA'] }]]),
    claims: new Map(),
    warnings: [],
    prohibitions: [],
    headingSets: new Map(),
    ...extra,
  };
}

const entry = (e: Partial<Entry>): Entry => ({
  hts: '1111110000',
  country: 'ZZ',
  date: d('2025-04-01'),
  mode: 'legal',
  ...e,
});
const ok = (q: ReturnType<typeof quote>): Quote => {
  expect(q.kind).toBe('quote');
  return q as Quote;
};
const headings = (q: Quote) => q.components.map((c) => `${c.heading ?? 'mfn'}=${c.adValorem}`);

describe('quote on a hand-made law', () => {
  it('the first candidate whose conditions hold applies; components add up', () => {
    const q = ok(quote(schedule, law(), entry({ value: D(1000) })));
    expect(headings(q)).toEqual(['mfn=4', '9903.00.39=10']);
    expect(q.totalAdValorem).toBe(14);
    expect(q.totalDuty).toBe('140.00');
  });

  it('a claimed program valid for the country takes the special rate and the exemption heading', () => {
    const q = ok(quote(schedule, law(), entry({ country: 'AA', program: 'S' })));
    expect(headings(q)).toEqual(['mfn=0', '9903.00.20=0', '9903.00.39=10']);
    const bad = ok(quote(schedule, law(), entry({ country: 'ZZ', program: 'S' })));
    expect(bad.notes.join(' ')).toMatch(/not available/);
    expect(headings(bad)[0]).toBe('mfn=4');
  });

  it('an inclusive floor tops up to the floor; at or above it, the "column 1 only" heading applies', () => {
    expect(headings(ok(quote(schedule, law(), entry({ country: 'BB' }))))).toEqual(['mfn=4', '9903.00.32=11']);
    expect(headings(ok(quote(schedule, law(), entry({ country: 'BB', hts: '2222220000' }))))).toEqual([
      'mfn=20',
      '9903.00.31=0',
    ]);
  });

  it('a metal-content duty charges the declared share, and the remainder pays the reciprocal duty', () => {
    const q = ok(quote(schedule, law(), entry({ hts: '2222220000', content: { steel: D('0.4') }, value: D(100) })));
    expect(headings(q)).toEqual(['mfn=20', '9903.00.39=6', '9903.00.10=20']);
    const none = ok(quote(schedule, law(), entry({ hts: '2222220000' })));
    expect(headings(none)).toEqual(['mfn=20', '9903.00.39=10']);
    expect(none.notes.join(' ')).toMatch(/steel share/);
  });

  it('precedence: from its date, a later tier is not charged when an earlier one is', () => {
    const before = ok(
      quote(
        schedule,
        law(),
        entry({ hts: '2222220000', country: 'AA', date: d('2025-05-31'), content: { steel: D(1) } }),
      ),
    );
    expect(headings(before)).toContain('9903.00.21=25');
    const after = ok(
      quote(
        schedule,
        law(),
        entry({ hts: '2222220000', country: 'AA', date: d('2025-06-01'), content: { steel: D(1) } }),
      ),
    );
    expect(headings(after)).not.toContain('9903.00.21=25');
    expect(after.trace.find((t) => t.heading === '9903.00.21')?.reason).toBe('precedence');
  });

  it('windows are half-open, and the as-published reading follows publication dates', () => {
    const legal = ok(quote(schedule, law(), entry({ country: 'BB', hts: '1111110000', date: d('2025-01-20') })));
    expect(headings(legal)).toEqual(['mfn=4', '9903.00.32=11']);
    const published = ok(quote(schedule, law(), entry({ country: 'BB', date: d('2025-01-20'), mode: 'as-published' })));
    // The floor was published 2025-02-01; the 30% it replaced kept being printed until then.
    expect(headings(published)).toEqual(['mfn=4', '9903.00.33=30']);
    const lastDay = ok(quote(schedule, law(), entry({ country: 'BB', date: d('2025-01-31'), mode: 'as-published' })));
    expect(headings(lastDay)).toEqual(['mfn=4', '9903.00.33=30']);
    const onPublication = ok(
      quote(schedule, law(), entry({ country: 'BB', date: d('2025-02-01'), mode: 'as-published' })),
    );
    expect(headings(onPublication)).toEqual(['mfn=4', '9903.00.32=11']);
  });

  it('column 2 countries pay the column 2 rate', () => {
    expect(headings(ok(quote(schedule, law(), entry({ country: 'CC' }))))[0]).toBe('mfn=35');
  });

  it('a specific rate without quantity: null duty and a note, not a crash', () => {
    const q = ok(quote(schedule, law(), entry({ hts: '3333330000', value: D(5000) })));
    expect(q.components[0]!.duty).toBeNull();
    expect(q.totalDuty).toBeNull();
    const withQ = ok(quote(schedule, law(), entry({ hts: '3333330000', value: D(5000), quantity: D(1000) })));
    expect(withQ.components[0]!.duty).toBe('63.00');
    expect(withQ.components[0]!.adValorem).toBe(1.26);
  });

  it('two programs claiming one heading is a conflict', () => {
    const l = law();
    const dup = program('dup', 'other', [
      cand({
        heading: '9903.00.39',
        id: '-dup',
        rates: [{ from: d('2025-01-01'), rate: { kind: 'add', percent: '1' }, ref: 'r' }],
      }),
    ]);
    const q = quote(schedule, { ...l, programs: [...l.programs, dup] }, entry({}));
    expect(q.kind).toBe('conflict');
  });

  it('the batch memo gives the same answer as a fresh evaluation, for any value', () => {
    const memo: QuoteMemo = new Map();
    const l = law();
    for (const v of ['1000', '1234.56', '0.01', '99999999.99']) {
      const a = quote(schedule, l, entry({ country: 'BB', value: D(v) }), { trace: false });
      const b = quote(schedule, l, entry({ country: 'BB', value: D(v) }), { trace: false, memo });
      expect(b).toEqual(a);
    }
    expect(memo.size).toBe(1);
  });
});

describe('the forms of 2026: prohibitions, minimum import prices, quota tiers, heading sets', () => {
  const extra = () => {
    const l = law();
    const mip = program('mip', 's232', [
      cand({
        heading: '9903.45.33',
        products: { prefixes: ['1111'] },
        rates: [{ from: d('2025-01-01'), rate: { kind: 'minimumPrice', price: '21', unit: 'kg' }, ref: 'r' }],
      }),
    ]);
    const trq = program('trq', 's201', [
      cand({
        heading: '9903.45.30',
        products: { prefixes: ['2222'] },
        when: { quota: 'in' },
        rates: [{ from: d('2025-01-01'), rate: { kind: 'add', percent: '25' }, ref: 'r' }],
      }),
      cand({
        heading: '9903.45.31',
        products: { prefixes: ['2222'] },
        when: { quota: 'over' },
        rates: [{ from: d('2025-01-01'), rate: { kind: 'add', percent: '50' }, ref: 'r' }],
      }),
    ]);
    const reader = program(
      'reader',
      's301',
      [
        cand({
          heading: '9903.05.90',
          when: { reportedUnder: 'set' },
          rates: [{ from: d('2025-01-01'), rate: { kind: 'none' }, ref: 'r' }],
        }),
        cand({
          heading: '9903.05.84',
          rates: [{ from: d('2025-01-01'), rate: { kind: 'add', percent: '12.5' }, ref: 'r' }],
        }),
      ],
      ['mip'],
    );
    return {
      ...l,
      programs: [...l.programs, mip, trq, reader],
      headingSets: new Map([
        [
          'set',
          {
            id: 'set',
            title: 'the set',
            ref: 'r',
            members: [{ first: '9903.45.33', last: '9903.45.36', from: d('2025-06-01') }],
            notCovered: [],
          },
        ],
      ]),
      prohibitions: [
        {
          id: 'ban',
          authority: 's338' as const,
          title: 'A ban',
          importedFrom: d('2025-05-01'),
          countries: { codes: ['CA'] },
          products: { prefixes: ['1111'] },
          notClaimed: ['bulk'],
          ref: 'r',
          file: 'ban.yaml',
        },
      ],
    };
  };

  it('a minimum import price charges the shortfall per unit, exactly; without the quantity, a null duty and a note', () => {
    const l = extra();
    const q = ok(quote(schedule, l, entry({ value: D('10000'), quantities: { kg: D(1000) } })));
    const c = q.components.find((x) => x.heading === '9903.45.33')!;
    expect(c.duty).toBe('11000.00');
    expect(c.adValorem).toBe(110);
    expect(c.rateText).toBe('minimum import price $21.00/kg');
    const none = ok(quote(schedule, l, entry({ value: D('10000') })));
    expect(none.components.find((x) => x.heading === '9903.45.33')!.duty).toBeNull();
    expect(none.totalDuty).toBeNull();
    expect(none.notes.join(' ')).toMatch(/no quantity in kg given/);
    // Not proportional to the value: the batch memo never shares it between values.
    const memo: QuoteMemo = new Map();
    for (const v of ['10000', '20000', '30000']) {
      const e = entry({ value: D(v), quantities: { kg: D(1000) } });
      expect(quote(schedule, l, e, { memo })).toEqual(quote(schedule, l, e));
    }
  });

  it('a heading set is read on its dates, whatever the rate of the heading reported', () => {
    const l = extra();
    const before = ok(quote(schedule, l, entry({ value: D('30000'), quantities: { kg: D(1000) } })));
    expect(headings(before)).toContain('9903.05.84=12.5');
    const after = ok(
      quote(schedule, l, entry({ date: d('2025-06-01'), value: D('30000'), quantities: { kg: D(1000) } })),
    );
    // The minimum import price charges nothing (value above it) but its heading is reported: the set exempts.
    expect(headings(after)).toContain('9903.05.90=0');
    expect(headings(after)).toContain('9903.45.33=0');
  });

  it('a tariff-rate quota takes the over-quota rate unless the entry says in, and says so', () => {
    const l = extra();
    const over = ok(quote(schedule, l, entry({ hts: '2222220000' })));
    expect(headings(over)).toContain('9903.45.31=50');
    expect(over.notes.join(' ')).toMatch(/over-quota rate is taken/);
    const inq = ok(quote(schedule, l, entry({ hts: '2222220000', quota: 'in' })));
    expect(headings(inq)).toContain('9903.45.30=25');
    expect(inq.notes.join(' ')).not.toMatch(/over-quota/);
  });

  it('a prohibition turns on the date of importation; a claim it names lifts it; no duty is given', () => {
    const l = extra();
    const banned = quote(schedule, l, entry({ country: 'CA', date: d('2025-05-02'), value: D(100) }));
    expect(banned.kind).toBe('prohibited');
    if (banned.kind !== 'prohibited') return;
    expect(banned.prohibition).toMatchObject({
      authority: 's338',
      heading: null,
      from: '2025-05-01',
      measureId: 'ban',
    });
    expect(banned.notes.join(' ')).toMatch(/taken as the entry date/);
    expect(quote(schedule, l, entry({ country: 'CA', date: d('2025-05-02'), imported: d('2025-04-30') })).kind).toBe(
      'quote',
    );
    expect(quote(schedule, l, entry({ country: 'CA', date: d('2025-05-02'), claims: ['bulk'] })).kind).toBe('quote');
    expect(quote(schedule, l, entry({ country: 'MX', date: d('2025-05-02') })).kind).toBe('quote');
    expect(quote(schedule, l, entry({ country: 'CA', date: d('2025-04-30') })).kind).toBe('quote');
  });
});
