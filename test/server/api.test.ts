// The HTTP API on the real schedule and law, through app.inject (no socket): every route's main path, bad input
// named by field with 4xx (never 500), ETag/304 for past dates, and a fuzz of 10,000 generated quote requests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLawFor } from '../../src/cli/law.js';
import { loadFees } from '../../src/load/fees.js';
import { lawDir } from '../../src/load/index.js';
import { buildApp } from '../../src/server/app.js';
import { realContext, ROOT } from '../helpers.js';

let app: FastifyInstance;

beforeAll(async () => {
  const ctx = await realContext();
  app = await buildApp({
    schedule: ctx.schedule,
    law: loadLawFor(ctx),
    fees: loadFees(lawDir()),
    cacheDir: ctx.cacheDir,
    sourcesDir: ctx.sourcesDir,
    sourcesKey: ctx.verified.key,
    rateLimit: false,
  });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
});

const TSHIRT = 'hts=6109.10.0012&country=CN&date=2025-04-10&value=1000';

async function get(url: string, headers: Record<string, string> = {}) {
  return app.inject({ method: 'GET', url, headers });
}

function expectError(r: { statusCode: number; json: () => unknown }, status: number, field?: string) {
  expect(r.statusCode).toBe(status);
  const body = r.json() as { error: { field?: string; message: string; accepted?: string } };
  expect(typeof body.error.message).toBe('string');
  if (field !== undefined) {
    expect(body.error.field).toBe(field);
    expect(body.error.accepted?.length ?? 0).toBeGreaterThan(5);
  }
  return body.error;
}

describe('GET /api/quote', () => {
  it('a Chinese cotton T-shirt entered 2025-04-10: 169%, $1690.00, four components', async () => {
    const r = await get(`/api/quote?${TSHIRT}`);
    expect(r.statusCode).toBe(200);
    const q = r.json();
    expect(q.totalAdValorem).toBe(169);
    expect(q.totalDuty).toBe('1690.00');
    expect(q.revision).toBe('2025_rev_9');
    expect(q.components.map((c: { authority: string; heading: string | null }) => [c.authority, c.heading])).toEqual([
      ['mfn', null],
      ['s301', '9903.88.15'],
      ['ieepa_fentanyl', '9903.01.24'],
      ['ieepa_reciprocal', '9903.01.63'],
    ]);
    expect(q.trace).toBeUndefined();
    // Security headers, no CORS.
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['content-security-policy']).toBeDefined();
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('the forms of 2026: a prohibited entry, a minimum import price, a quota tier, named fields in errors', async () => {
    const banned = await get('/api/quote?hts=2208.30.6020&country=CA&date=2026-10-15&value=1000');
    expect(banned.statusCode).toBe(200);
    const b = banned.json();
    expect(b.kind).toBe('prohibited');
    expect(b.prohibition).toMatchObject({ authority: 's338', heading: null, from: '2026-09-29' });
    expect(b.prohibition.citation).toMatch(/11061/);
    expect(b.components).toBeUndefined();
    const before = (await get('/api/quote?hts=2208.30.6020&country=CA&date=2026-10-15&imported=2026-09-20')).json();
    expect(before.kind).toBe('quote');
    expect(before.totalAdValorem).toBe(60);
    const mip = (
      await get('/api/quote?hts=2804.61.0000&country=CN&date=2026-12-04&value=10000&quantity=kg%3D1000')
    ).json();
    expect(mip.components.find((c: { heading: string }) => c.heading === '9903.45.33').duty).toBe('11000.00');
    const quota = (await get('/api/quote?hts=6810.99.0020&country=VN&date=2026-08-15&quota=in')).json();
    expect(quota.components.map((c: { heading: string | null }) => c.heading)).toContain('9903.45.30');
    expectError(await get('/api/quote?hts=6810.99.0020&country=VN&date=2026-08-15&quota=maybe'), 400, 'quota');
    expectError(
      await get('/api/quote?hts=2208.30.6020&country=CA&date=2026-10-15&imported=2026-10-16'),
      400,
      'imported',
    );
  });

  it('gives the trace when asked', async () => {
    const r = await get(`/api/quote?${TSHIRT}&trace=true`);
    expect(r.statusCode).toBe(200);
    expect(r.json().trace.length).toBeGreaterThan(0);
  });

  it('names the field of bad input with 400, and an unknown code with 404', async () => {
    expectError(await get('/api/quote?country=CN&date=2025-04-10'), 400, 'hts');
    expectError(await get('/api/quote?hts=6109.10.0012&country=EU&date=2025-04-10'), 400, 'country');
    expectError(await get('/api/quote?hts=6109.10.0012&country=CN&date=2024-01-01'), 400, 'date');
    expectError(await get('/api/quote?hts=6109.10.0012&country=CN&date=2025-04-10&value=-1'), 400, 'value');
    expectError(await get('/api/quote?hts=6109.10.0012&country=CN&date=2025-04-10&mode=x'), 400, 'mode');
    expectError(await get('/api/quote?hts=6109.10.0012&hts=1&country=CN&date=2025-04-10'), 400, 'hts');
    const e = expectError(await get('/api/quote?hts=6109.10.0013&country=CN&date=2025-04-10'), 404, 'hts');
    expect((e as { suggestions?: string[] }).suggestions).toContain('6109.10.0012');
  });

  it('past dates are immutable: ETag, Cache-Control, 304 on If-None-Match', async () => {
    const r = await get(`/api/quote?${TSHIRT}`);
    const tag = r.headers.etag as string;
    expect(tag).toMatch(/^".+"$/);
    expect(r.headers['cache-control']).toBe('public, max-age=86400');
    const again = await get(`/api/quote?${TSHIRT}`, { 'if-none-match': tag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect((await get(`/api/quote?${TSHIRT}`, { 'if-none-match': '"other"' })).statusCode).toBe(200);
    // Another URL, another tag.
    expect((await get(`/api/quote?${TSHIRT}&value=2000`)).headers.etag).not.toBe(tag);
    // A date after the latest revision's publication may change with newer sources: no ETag.
    const future = await get('/api/quote?hts=6109.10.0012&country=CN&date=2030-01-01');
    expect(future.statusCode).toBe(200);
    expect(future.headers.etag).toBeUndefined();
    expect(future.headers['cache-control']).toBe('no-cache');
  });
});

describe('GET /api/compare-origins', () => {
  it('ranks every country for a cotton T-shirt on 2025-04-10: China last at 169%', async () => {
    const r = await get('/api/compare-origins?hts=6109.10.0012&date=2025-04-10&value=1000');
    expect(r.statusCode).toBe(200);
    const j = r.json();
    expect(j.hts).toBe('6109.10.0012');
    expect(j.revision).toBe('2025_rev_9');
    expect(j.rows.length).toBeGreaterThan(1);
    const cn = j.rows.findIndex((x: { countries: { code: string }[] }) => x.countries.some((c) => c.code === 'CN'));
    expect(cn).toBe(j.rows.length - 1);
    expect(j.rows[cn].totalAdValorem).toBe(169);
    expect(j.rows[cn].totalDuty).toBe('1690.00');
    const totals = j.rows.map((x: { totalAdValorem: number }) => x.totalAdValorem);
    expect(totals).toEqual([...totals].sort((a, b) => a - b));
    expect(j.rows[0].rank).toBe(1);
    // A past date: cacheable like a quote.
    expect(r.headers['etag']).toBeDefined();
    const again = await get('/api/compare-origins?hts=6109.10.0012&date=2025-04-10&value=1000', {
      'if-none-match': String(r.headers['etag']),
    });
    expect(again.statusCode).toBe(304);
  });

  it('an unknown code is 404, a bad date 400, a missing hts 400', async () => {
    expectError(await get('/api/compare-origins?hts=9999.99.9999&date=2025-04-10'), 404, 'hts');
    expectError(await get('/api/compare-origins?hts=6109.10.0012&date=2024-01-01'), 400, 'date');
    expectError(await get('/api/compare-origins?hts=6109.10.0012&date=tomorrow'), 400, 'date');
    expectError(await get('/api/compare-origins?date=2025-04-10'), 400, 'hts');
  });
});

describe('POST /api/quote', () => {
  it('answers every item in order; a bad item gets its own error', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/quote',
      payload: [
        { hts: '6109.10.0012', country: 'CN', date: '2025-04-10', value: 1000, id: 'a' },
        { hts: '6109.10.0012', country: 'EU', date: '2025-04-10', id: 'b' },
        { hts: '6109.10.0013', country: 'CN', date: '2025-04-10' },
        42,
        { hts: ['x'], country: 'CN', date: '2025-04-10' },
      ],
    });
    expect(r.statusCode).toBe(200);
    const [a, b, c, d, e] = r.json();
    expect(a.totalDuty).toBe('1690.00');
    expect(a.input.id).toBe('a');
    expect(b).toMatchObject({ index: 1, id: 'b', status: 400, error: { field: 'country' } });
    expect(c).toMatchObject({ index: 2, status: 404, error: { field: 'hts' } });
    expect(d).toMatchObject({ index: 3, status: 400, error: { field: 'item' } });
    expect(e).toMatchObject({ index: 4, status: 400, error: { field: 'hts' } });
  });

  it('takes 10,000 items and refuses 10,001; refuses malformed JSON, a non-array and other content types', async () => {
    const item = { hts: '6109.10.0012', country: 'CN', date: '2025-04-10', value: '1000' };
    const t0 = performance.now();
    const ok = await app.inject({ method: 'POST', url: '/api/quote', payload: Array(10_000).fill(item) });
    const ms = performance.now() - t0;
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toHaveLength(10_000);
    console.log(`POST /api/quote of 10,000 items: ${ms.toFixed(0)} ms`);
    const big = await app.inject({ method: 'POST', url: '/api/quote', payload: Array(10_001).fill(item) });
    expect([400, 413]).toContain(big.statusCode);
    expect(big.json().error.message).toBeTruthy();
    expectError(
      await app.inject({
        method: 'POST',
        url: '/api/quote',
        headers: { 'content-type': 'application/json' },
        payload: '[{"hts": ',
      }),
      400,
      'body',
    );
    expectError(await app.inject({ method: 'POST', url: '/api/quote', payload: { hts: '6109' } }), 400);
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/quote',
      headers: { 'content-type': 'application/xml' },
      payload: '<quote/>',
    });
    expect([400, 415]).toContain(wrong.statusCode);
    expect(wrong.json().error.message).toBeTruthy();
  });

  it('a body above the limit is 413', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/quote',
      headers: { 'content-type': 'application/json' },
      payload: `[${'"x",'.repeat(1_500_000)}"x"]`,
    });
    expectError(r, 413, 'body');
  });
});

describe('GET /api/hts/:code', () => {
  it('gives the line as `tariff hts --json` does', async () => {
    const r = await get('/api/hts/6109.10.0012');
    expect(r.statusCode).toBe(200);
    const j = r.json();
    expect(j.hts).toBe('6109.10.0012');
    expect(j.general.text).toBe('16.5%');
    expect(j.path.length).toBeGreaterThan(2);
    expect(Array.isArray(j.changes)).toBe(true);
    expect(r.headers.etag).toBeUndefined();
  });

  it('a past date is cacheable; unknown and malformed codes are 404 and 400', async () => {
    const r = await get('/api/hts/6109100012?date=2025-04-10');
    expect(r.statusCode).toBe(200);
    expect(r.json().revision).toBe('2025_rev_9');
    expect(r.headers['cache-control']).toBe('public, max-age=86400');
    const again = await get('/api/hts/6109100012?date=2025-04-10', { 'if-none-match': r.headers.etag as string });
    expect(again.statusCode).toBe(304);
    expectError(await get('/api/hts/6109.10.0013'), 404, 'hts');
    expectError(await get('/api/hts/abc'), 400, 'hts');
    expectError(await get('/api/hts/6109.10.0012?revision=nope'), 400, 'revision');
    expectError(await get('/api/hts/6109.10.0012?date=yesterday'), 400, 'date');
  });
});

describe('GET /api/search', () => {
  it('finds cotton', async () => {
    const r = await get('/api/search?q=cotton&limit=5');
    expect(r.statusCode).toBe(200);
    const j = r.json();
    expect(j.hits).toHaveLength(5);
    expect(j.total).toBeGreaterThan(5);
    expect(j.hits[0].hts).toMatch(/^\d{4}\.\d{2}/);
  });

  it('names bad parameters', async () => {
    expectError(await get('/api/search'), 400, 'q');
    expectError(await get('/api/search?q=%20'), 400, 'q');
    expectError(await get('/api/search?q=cotton&limit=0'), 400, 'limit');
    expectError(await get('/api/search?q=cotton&limit=1.5'), 400, 'limit');
    expectError(await get('/api/search?q=cotton&chapter=100'), 400, 'chapter');
    const r = await get('/api/search?q=cotton&chapter=61&limit=3');
    expect(r.statusCode).toBe(200);
    for (const h of r.json().hits) expect(h.hts.startsWith('61')).toBe(true);
  });
});

describe('POST /api/entries', () => {
  const csv = readFileSync(join(ROOT, 'examples', 'entries.csv'), 'utf8');

  it('takes the CSV of examples/entries.csv: the summary and the lines', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/entries',
      headers: { 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(r.statusCode).toBe(200);
    const j = r.json();
    const rows = csv.trim().split('\n').length - 1;
    expect(j.counts.lines).toBe(rows);
    expect(j.lines).toHaveLength(rows);
    expect(j.counts.ok + j.counts.errors).toBe(rows);
    expect(j.entries.length).toBeGreaterThan(1);
    expect(j.lines[0]).toMatchObject({ entry: 'ABC-1234567-8', hts: '6109.10.0012', duty: '1690.00' });
    expect(j.totals.mpf).toMatch(/^\d+\.\d\d$/);
  });

  it('takes the same lines as JSON and gives the same answer', async () => {
    const csvAnswer = (
      await app.inject({ method: 'POST', url: '/api/entries', headers: { 'content-type': 'text/csv' }, payload: csv })
    ).json();
    const r = await app.inject({
      method: 'POST',
      url: '/api/entries',
      payload: [
        {
          entry: 'ABC-1234567-8',
          line: 1,
          date: '2025-04-10',
          hts: '6109.10.0012',
          country: 'CN',
          value: '$1,000.00',
          transport: 'ocean',
        },
        { entry: 'ABC-1234567-8', line: 2, date: '2025-04-10', hts: '8471.30.0100', country: 'CN', value: 2500 },
      ],
    });
    expect(r.statusCode).toBe(200);
    const j = r.json();
    expect(j.counts).toEqual({ lines: 2, ok: 2, errors: 0, prohibited: 0 });
    expect(j.lines[0].duty).toBe(csvAnswer.lines[0].duty);
    expect(j.lines[1].duty).toBe(csvAnswer.lines[1].duty);
  });

  it('bad lines are errors in their place, unreadable CSV records too; a wrong type is 400', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/entries',
      headers: { 'content-type': 'text/csv' },
      payload: 'entry,line,date,hts,country,value\nE1,1,2025-04-10,6109.10.0012,EU,100\n',
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().counts).toEqual({ lines: 1, ok: 0, errors: 1, prohibited: 0 });
    expect(r.json().lines[0].error).toMatch(/^country:/);
    // An unreadable CSV record is an error line like any other: the file is still answered.
    const unreadable = await app.inject({
      method: 'POST',
      url: '/api/entries',
      headers: { 'content-type': 'text/csv' },
      payload: 'entry,value\n"E1,1\n',
    });
    expect(unreadable.statusCode).toBe(200);
    expect(unreadable.json().counts.errors).toBeGreaterThanOrEqual(1);
    expectError(await app.inject({ method: 'POST', url: '/api/entries', payload: [{ hts: { a: 1 } }] }), 400);
    expectError(
      await app.inject({ method: 'POST', url: '/api/entries', headers: { 'content-type': 'text/csv' }, payload: '' }),
      400,
    );
  });
});

describe('GET /api/series', () => {
  interface Row {
    date: string;
    authority?: string;
    mean_additional_pct: number;
    weighted_additional_pct: number | null;
  }
  it('daily rows from 2025-04-01 to 2025-04-15: a step function, higher on 2025-04-10 than on 2025-04-04', async () => {
    const r = await get('/api/series?from=2025-04-01&to=2025-04-15&by=overall');
    expect(r.statusCode).toBe(200);
    const s = r.json() as { rows: Row[]; evaluated: string[] };
    expect(s.rows.length).toBe(15);
    expect(s.rows[0]!.date).toBe('2025-04-01');
    expect(s.rows[14]!.date).toBe('2025-04-15');
    // A step function: the value changes only on an evaluated change date.
    for (let k = 1; k < s.rows.length; k++)
      if (s.rows[k]!.mean_additional_pct !== s.rows[k - 1]!.mean_additional_pct)
        expect(s.evaluated).toContain(s.rows[k]!.date);
    expect(s.evaluated.length).toBeLessThan(15);
    const at = (d: string) => s.rows.find((x) => x.date === d)!;
    expect(at('2025-04-10').mean_additional_pct).toBeGreaterThan(at('2025-04-04').mean_additional_pct);
    expect(at('2025-04-10').weighted_additional_pct).not.toBeNull();
  });

  it('by authority, the rows of a date sum to the overall additional rate', async () => {
    const overall = (await get('/api/series?from=2025-04-01&to=2025-04-15')).json() as { rows: Row[] };
    const r = await get('/api/series?from=2025-04-01&to=2025-04-15&by=authority');
    expect(r.statusCode).toBe(200);
    const rows = (r.json() as { rows: Row[] }).rows;
    for (const o of overall.rows) {
      const sum = rows.filter((x) => x.date === o.date).reduce((a, x) => a + x.mean_additional_pct, 0);
      expect(Math.abs(sum - o.mean_additional_pct)).toBeLessThan(1e-5);
    }
    // One country: the by=country rows of that country only.
    const cn = (await get('/api/series?from=2025-04-01&to=2025-04-15&country=cn')).json() as {
      rows: (Row & { country: string })[];
    };
    expect(cn.rows.length).toBe(15);
    expect(cn.rows.every((x) => x.country === 'CN')).toBe(true);
  });

  it('names bad dates, groupings and countries with 400', async () => {
    expectError(await get('/api/series?from=2025-02-30&to=2025-04-15'), 400, 'from');
    expectError(await get('/api/series?from=2024-12-31&to=2025-04-15'), 400, 'from');
    expectError(await get('/api/series?from=2025-04-01&to=nope'), 400, 'to');
    expectError(await get('/api/series?from=2025-04-10&to=2025-04-01'), 400, 'to');
    expectError(await get('/api/series?from=2025-04-01&to=2099-01-01'), 400, 'to');
    expectError(await get('/api/series?to=2025-04-01'), 400, 'from');
    expectError(await get('/api/series?from=2025-04-01&to=2025-04-15&by=month'), 400, 'by');
    expectError(await get('/api/series?from=2025-04-01&to=2025-04-15&country=XX'), 400, 'country');
    expectError(await get('/api/series?from=2025-04-01&to=2025-04-15&by=overall&country=JP'), 400, 'country');
  });

  it('one country by authority: its parts sum to its mean additional rate; weighted per authority is null', async () => {
    const r = await get('/api/series?from=2025-04-01&to=2025-04-15&by=authority&country=jp');
    expect(r.statusCode).toBe(200);
    const s = r.json() as { by: string; rows: (Row & { country: string })[] };
    expect(s.by).toBe('authority');
    expect(s.rows.every((x) => x.country === 'JP' && x.weighted_additional_pct === null)).toBe(true);
    const jp = (await get('/api/series?from=2025-04-01&to=2025-04-15&country=JP')).json() as { rows: Row[] };
    for (const o of jp.rows) {
      const parts = s.rows.filter((x) => x.date === o.date);
      expect(parts.length).toBeGreaterThan(5);
      const sum = parts.reduce((a, x) => a + x.mean_additional_pct, 0);
      expect(Math.abs(sum - o.mean_additional_pct)).toBeLessThan(1e-5);
    }
    const recip = (d: string) => s.rows.find((x) => x.date === d && x.authority === 'ieepa_reciprocal')!;
    expect(recip('2025-04-09').mean_additional_pct).toBeGreaterThan(recip('2025-04-04').mean_additional_pct);
  });
});

describe('POST /api/scenario', () => {
  const JAPAN = readFileSync(join(ROOT, 'law', 'scenarios', 'japan-no-pause.yaml'), 'utf8');
  const ENTRY = { hts: '6109.10.0012', country: 'JP', date: '2025-05-01', value: 1000 };
  const post = (payload: unknown) => app.inject({ method: 'POST', url: '/api/scenario', payload: payload as object });

  it('Japan without the pause, a cotton T-shirt on 2025-05-01: 26.5% under the law, 40.5% under the scenario', async () => {
    const r = await post({ scenario: JAPAN, quote: ENTRY });
    expect(r.statusCode).toBe(200);
    const j = r.json();
    expect(j.name).toBe('Japan without the 90-day pause');
    expect(j.description).toMatch(/9903\.01\.53/);
    expect(j.file).toBeUndefined();
    expect(j.baseline.totalAdValorem).toBe(26.5);
    expect(j.alternative.totalAdValorem).toBe(40.5);
    expect(j.difference).toEqual({ totalAdValorem: 14, totalDuty: '140.00' });
    const headings = (q: { components: { heading: string | null }[] }) => q.components.map((c) => c.heading);
    expect(headings(j.baseline)).toContain('9903.01.25');
    expect(headings(j.alternative)).toContain('9903.01.53');
    expect(headings(j.alternative)).not.toContain('9903.01.25');
    expect(j.baseline.trace).toBeUndefined();
    expect(j.series).toBeUndefined();
    // The same scenario as a JSON object, and the quote fields as text: the same answer.
    const same = await post({ scenario: parseYaml(JAPAN), quote: { ...ENTRY, value: '$1,000.00' } });
    expect(same.statusCode).toBe(200);
    expect(same.json().difference).toEqual(j.difference);
    // The trace when asked.
    const traced = await post({ scenario: JAPAN, quote: { ...ENTRY, trace: true } });
    expect(traced.json().alternative.trace.length).toBeGreaterThan(0);
  });

  it('an error in the scenario names the change and the key', async () => {
    const bad = JAPAN.replace('rate: "+24%"', 'rate: "24"');
    const e = expectError(await post({ scenario: bad, quote: ENTRY }), 400, 'scenario.changes[1].add.rate');
    expect(e.message).toContain('"24" is not a rate');
    expectError(
      await post({
        scenario: JAPAN.replace('countries: [JP], from', 'countries: [JP], colour: red, from'),
        quote: ENTRY,
      }),
      400,
      'scenario.changes[0].end.colour',
    );
    // Checked against the law: a country code the law does not know.
    expectError(
      await post({ scenario: JAPAN.replace('countries: [JP], from', 'countries: [QQ], from'), quote: ENTRY }),
      400,
      'scenario.changes[0].end.countries',
    );
    expectError(
      await post({ scenario: { name: 'x', changes: [{ drop: {} }] }, quote: ENTRY }),
      400,
      'scenario.changes[0]',
    );
    expectError(await post({ scenario: { name: 'x' }, quote: ENTRY }), 400, 'scenario.changes');
    expectError(await post({ scenario: 'name: [', quote: ENTRY }), 400, 'scenario');
    expectError(await post({ scenario: '  ', quote: ENTRY }), 400, 'scenario');
    expectError(await post({ scenario: 42, quote: ENTRY }), 400, 'scenario');
    expectError(await post({ quote: ENTRY }), 400, 'scenario');
  });

  it('an error in the quote names its field under quote; an unknown code is 404', async () => {
    expectError(await post({ scenario: JAPAN, quote: { ...ENTRY, country: 'XX' } }), 400, 'quote.country');
    expectError(await post({ scenario: JAPAN, quote: { ...ENTRY, date: '2024-01-01' } }), 400, 'quote.date');
    expectError(await post({ scenario: JAPAN, quote: { ...ENTRY, value: -1 } }), 400, 'quote.value');
    const { hts: _hts, ...noHts } = ENTRY;
    const missing = expectError(await post({ scenario: JAPAN, quote: noHts }), 400, 'quote.hts');
    expect(missing.message).toBe('quote.hts is missing');
    const unknown = expectError(
      await post({ scenario: JAPAN, quote: { ...ENTRY, hts: '6109.10.0013' } }),
      404,
      'quote.hts',
    );
    expect((unknown as { suggestions?: string[] }).suggestions).toContain('6109.10.0012');
    expectError(await post({ scenario: JAPAN }), 400, 'quote');
  });

  it('with a series: both laws day by day, the difference where the scenario changes the law', async () => {
    const t0 = performance.now();
    const r = await post({ scenario: JAPAN, quote: ENTRY, series: { from: '2025-04-01', to: '2025-04-15' } });
    const ms = performance.now() - t0;
    expect(r.statusCode).toBe(200);
    const s = r.json().series as {
      by: string;
      evaluated: string[];
      rows: {
        date: string;
        baseline: { weighted_additional_pct: number };
        alternative: { weighted_additional_pct: number; mean_additional_pct: number };
        difference: { mean_additional_pct: number; weighted_additional_pct: number };
      }[];
    };
    expect(s.by).toBe('overall');
    expect(s.rows.map((x) => x.date)).toHaveLength(15);
    expect(s.evaluated).toContain('2025-04-10');
    const at = (d: string) => s.rows.find((x) => x.date === d)!;
    // Before 2025-04-10 the scenario changes nothing; from then on Japan pays 24% instead of 10%.
    expect(at('2025-04-09').difference.mean_additional_pct).toBe(0);
    expect(at('2025-04-10').difference.mean_additional_pct).toBeGreaterThan(0);
    expect(at('2025-04-10').difference.weighted_additional_pct).toBeGreaterThan(0);
    expect(at('2025-04-10').alternative.weighted_additional_pct).toBeGreaterThan(
      at('2025-04-10').baseline.weighted_additional_pct,
    );
    // The same request again is answered from the cache; by authority, only the reciprocal part differs.
    const t1 = performance.now();
    const again = await post({ scenario: JAPAN, quote: ENTRY, series: { from: '2025-04-01', to: '2025-04-15' } });
    expect(again.json().series).toEqual(s);
    console.log(
      `POST /api/scenario with a 15-day series: ${ms.toFixed(0)} ms, again ${(performance.now() - t1).toFixed(0)} ms`,
    );
    const byAuth = await post({
      scenario: JAPAN,
      quote: ENTRY,
      series: { from: '2025-04-01', to: '2025-04-15', by: 'authority' },
    });
    expect(byAuth.statusCode).toBe(200);
    const rows = byAuth.json().series.rows as {
      date: string;
      authority: string;
      difference: { mean_additional_pct: number };
    }[];
    for (const x of rows.filter((y) => y.date === '2025-04-12'))
      if (x.authority === 'ieepa_reciprocal') expect(x.difference.mean_additional_pct).toBeGreaterThan(0);
      else expect(Math.abs(x.difference.mean_additional_pct)).toBeLessThan(1e-5);
  });

  it('bounds the series: at most 400 days and 40 change dates, named under series', async () => {
    const series = (from: string, to: string) => post({ scenario: JAPAN, quote: ENTRY, series: { from, to } });
    const long = expectError(await series('2025-01-01', '2026-06-01'), 400, 'series.to');
    expect(long.message).toMatch(/517 days/);
    const many = expectError(await series('2025-01-01', '2026-01-31'), 400, 'series.to');
    expect(many.message).toMatch(/change on \d+ dates/);
    expect(many.accepted).toMatch(/^a date from 2025-01-01 to 2025-\d\d-\d\d/);
    expectError(await series('2024-12-01', '2025-01-10'), 400, 'series.from');
    expectError(await series('2025-04-10', '2025-04-01'), 400, 'series.to');
    expectError(await series('2025-04-10', 'soon'), 400, 'series.to');
    expectError(await post({ scenario: JAPAN, quote: ENTRY, series: { from: '2025-04-01' } }), 400, 'series.to');
    expectError(
      await post({ scenario: JAPAN, quote: ENTRY, series: { from: '2025-04-01', to: '2025-04-02', by: 'country' } }),
      400,
      'series.by',
    );
  });
});

describe('GET /api/scenarios', () => {
  it('lists the examples of law/scenarios with their text; each runs', async () => {
    const r = await get('/api/scenarios');
    expect(r.statusCode).toBe(200);
    const list = r.json().scenarios as {
      file: string;
      name: string;
      description?: string;
      changes: number;
      text: string;
    }[];
    expect(list.length).toBeGreaterThanOrEqual(6);
    const jp = list.find((x) => x.file === 'japan-no-pause.yaml')!;
    expect(jp.name).toBe('Japan without the 90-day pause');
    expect(jp.changes).toBe(2);
    expect(jp.text).toBe(readFileSync(join(ROOT, 'law', 'scenarios', 'japan-no-pause.yaml'), 'utf8'));
    for (const x of list) {
      const run = await app.inject({
        method: 'POST',
        url: '/api/scenario',
        payload: { scenario: x.text, quote: { hts: '6109.10.0012', country: 'CN', date: '2025-06-01' } },
      });
      expect(run.statusCode, x.file).toBe(200);
    }
  });
});

describe('GET /api/diff and /api/revisions', () => {
  it('2025_rev_8 to 2025_rev_9: 9903.01.63 re-rated from +84% to +125%', async () => {
    const r = await get('/api/diff?from=2025_rev_8&to=2025_rev_9');
    expect(r.statusCode).toBe(200);
    const d = r.json();
    expect(d.from).toMatchObject({ revision: '2025_rev_8', effective: '2025-04-09' });
    expect(d.to).toMatchObject({ revision: '2025_rev_9', effective: '2025-04-10' });
    const h = d.chapter99.rerated.find((x: { hts: string }) => x.hts === '9903.01.63');
    expect(h.general.from).toMatch(/\+ ?84%$/);
    expect(h.general.to).toMatch(/\+ ?125%$/);
    for (const k of ['added', 'removed', 'rerated']) expect(Array.isArray(d.lines[k])).toBe(true);
    // Immutable for these sources.
    expect(r.headers['cache-control']).toBe('public, max-age=86400');
    const again = await get('/api/diff?from=2025_rev_8&to=2025_rev_9', { 'if-none-match': String(r.headers.etag) });
    expect(again.statusCode).toBe(304);
  });

  it('a longer span lists lines added, removed and re-rated', async () => {
    const r = await get('/api/diff?from=2025_basic&to=2026_basic');
    expect(r.statusCode).toBe(200);
    const d = r.json();
    expect(d.lines.added.length + d.lines.removed.length + d.lines.rerated.length).toBeGreaterThan(10);
    expect(d.lines.rerated[0].changes[0]).toMatchObject({ field: expect.stringMatching(/general|special|other/) });
  });

  it('an unknown revision is 404 naming the field with the accepted ids; a missing one 400', async () => {
    const e = expectError(await get('/api/diff?from=2025_rev_99&to=2025_rev_9'), 404, 'from');
    expect(e.accepted).toContain('2025_rev_9');
    expect(e.accepted).toContain('2026_basic');
    expectError(await get('/api/diff?from=2025_rev_8&to=rev9'), 404, 'to');
    expectError(await get('/api/diff?from=2025_rev_8'), 400, 'to');
    expectError(await get('/api/diff?to=2025_rev_8'), 400, 'from');
    expectError(await get(`/api/diff?from=${'x'.repeat(100)}&to=2025_rev_8`), 400, 'from');
  });

  it('GET /api/revisions lists every revision with its dates', async () => {
    const r = await get('/api/revisions');
    expect(r.statusCode).toBe(200);
    const j = r.json();
    const health = (await get('/api/health')).json();
    expect(j.revisions).toEqual(health.revisions);
    expect(j.latest).toBe(health.latest.id);
    expect(j.revisions[0]).toMatchObject({ id: '2025_basic', published: '2025-01-01' });
  });
});

describe('documents and health', () => {
  it('GET /openapi.json has every route, generated from the zod schemas', async () => {
    const r = await get('/openapi.json');
    expect(r.statusCode).toBe(200);
    const doc = r.json();
    for (const p of [
      '/api/quote',
      '/api/compare-origins',
      '/api/hts/{code}',
      '/api/search',
      '/api/entries',
      '/api/health',
      '/api/series',
      '/api/scenario',
      '/api/scenarios',
      '/api/diff',
      '/api/revisions',
      '/api/timeline',
    ])
      expect(Object.keys(doc.paths)).toContain(p);
    const params = doc.paths['/api/quote'].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(expect.arrayContaining(['hts', 'country', 'date', 'value', 'trace']));
    expect(doc.paths['/api/quote'].post.requestBody).toBeDefined();
    expect(doc.components.schemas.Quote).toBeDefined();
    expect(doc.paths['/api/scenario'].post.requestBody).toBeDefined();
    expect(doc.components.schemas.ScenarioRun).toBeDefined();
    expect(doc.components.schemas.RevisionDiff).toBeDefined();
  });

  it('GET /docs serves the docs page', async () => {
    const r = await get('/docs/');
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('swagger-ui');
  });

  it('GET /api/health names the sources and the revisions', async () => {
    const r = await get('/api/health');
    expect(r.statusCode).toBe(200);
    const j = r.json();
    expect(j.sourcesKey).toMatch(/^[0-9a-f]{16,}$/);
    expect(j.revisions.length).toBeGreaterThan(10);
    expect(j.latest.id).toBe(j.revisions[j.revisions.length - 1].id);
  });

  it('unknown routes are 404 in the same shape', async () => {
    expectError(await get('/api/nope'), 404, 'url');
  });
});

describe('rate limit', () => {
  it('answers 429 in the error shape beyond the limit', async () => {
    const ctx = await realContext();
    const limited = await buildApp({
      schedule: ctx.schedule,
      law: loadLawFor(ctx),
      fees: loadFees(lawDir()),
      cacheDir: ctx.cacheDir,
      sourcesKey: ctx.verified.key,
      rateLimit: { max: 2, timeWindow: '1 minute' },
    });
    try {
      for (let i = 0; i < 2; i++) expect((await limited.inject('/api/health')).statusCode).toBe(200);
      const r = await limited.inject('/api/health');
      expectError(r, 429, 'rate');
    } finally {
      await limited.close();
    }
  });
});

describe('fuzz: 10,000 generated requests never get a 500', () => {
  const FIELDS = ['hts', 'country', 'date', 'value', 'quantity', 'program', 'loaded', 'content', 'claim', 'mode', 'id'];
  const GOOD: Record<string, string[]> = {
    // (values of every field: valid, near-valid and invalid)
    hts: [
      '6109.10.0012',
      '6109100012',
      '6109.10.00.12',
      '8703.23.0170',
      '9903.01.24',
      '61',
      '6109.10.00',
      '0000000000',
    ],
    country: ['CN', 'cn', 'JP', 'DE', 'MX', 'EU', 'XX', 'China'],
    date: ['2025-04-10', '2026-03-02', '2024-12-31', '2025-02-30', '9999-12-31', '2025-4-1', '04/10/2025'],
    value: ['1000', '$1,000.00', '0', '-1', '1e309', '9'.repeat(400), '0.001', 'NaN', 'Infinity'],
    quantity: ['1000', 'liter=1000', 'kg=-1', '1e400', 'x=y=z'],
    program: ['S', 'AU', 'KR', 'A+', 'ZZ'],
    loaded: ['2025-04-01', '2025-05-01', 'nope'],
    content: ['steel=0.4', 'steel=2', 'copper=1;aluminum=0.5', 'us=1', '='],
    claim: ['donation', 'nope', ';;;'],
    mode: ['legal', 'as-published', 'LEGAL', ''],
    id: ['a', '1'],
  };
  const text = fc.oneof(
    fc.string(),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom('', ' ', '\u0000', '%', '%ZZ', '&', '=', '\uFFFD', '\uD800', '😀'.repeat(50), 'a'.repeat(5000)),
    fc.integer().map(String),
    fc.double().map(String),
  );
  const fieldValue = (k: string) =>
    fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...GOOD[k]!) }, { weight: 1, arbitrary: text });
  // Mostly well-formed requests with odd values (so that the engine, not only the schema, sees them), and some
  // arbitrary dictionaries with repeated keys and unknown names.
  // A valid line with one odd field: the engine sees the odd value.
  const oneOdd = fc
    .record({
      hts: fc.constantFrom('6109.10.0012', '6109100012', '8703.23.0170', '2204.21.5055', '7208.10.1500'),
      country: fc.constantFrom('CN', 'JP', 'DE', 'MX', 'CA', 'BR', 'IN', 'AU'),
      date: fc.constantFrom('2025-03-04', '2025-04-10', '2025-08-07', '2025-11-10', '2026-02-24', '2026-06-01'),
      k: fc.constantFrom(...FIELDS.filter((f) => !['hts', 'country', 'date'].includes(f))),
      v: text,
      good: fc.boolean(),
    })
    .chain(({ k, v, good, ...base }) =>
      (good ? fieldValue(k) : fc.constant(v)).map((x) => ({ ...base, [k]: x }) as Record<string, string>),
    );
  const query = fc.oneof(
    { weight: 3, arbitrary: oneOdd },
    {
      weight: 3,
      arbitrary: fc.record(
        Object.fromEntries([
          ...FIELDS.map((k) => [k, fieldValue(k)]),
          ['trace', fc.constantFrom('true', '1', 'false', 'yes')],
        ]) as Record<string, fc.Arbitrary<string>>,
        { requiredKeys: ['hts', 'country', 'date'] },
      ),
    },
    {
      weight: 1,
      arbitrary: fc.dictionary(
        fc.oneof(fc.constantFrom(...FIELDS, 'trace'), fc.string({ maxLength: 8 })),
        fc.oneof(
          fc.constantFrom(...FIELDS).chain((k) => fieldValue(k)),
          fc.array(fc.string(), { minLength: 2, maxLength: 3 }),
        ),
        { maxKeys: 12 },
      ),
    },
  );
  const statuses = new Map<string, number>();
  const jsonValue = fc.oneof(
    text,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.integer(), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 2 }),
    fc.constant(1e308),
    fc.constant(-0),
  );
  const item = fc.oneof(
    fc.record(
      Object.fromEntries(FIELDS.map((k) => [k, fc.oneof(fieldValue(k), jsonValue)])) as Record<
        string,
        fc.Arbitrary<unknown>
      >,
      { requiredKeys: [] },
    ),
    jsonValue,
  );
  const body = fc.oneof(
    fc.array(item, { maxLength: 5 }),
    item,
    fc.string({ maxLength: 30 }),
    fc.constantFrom(
      '[',
      '{}',
      '[{}]',
      'null',
      '"x"',
      '[[[[[[]]]]]]',
      '{"__proto__": {"x": 1}}',
      '[{"constructor": 1}]',
    ),
  );

  function encode(q: Record<string, string | string[] | undefined>): string {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(q))
      for (const x of Array.isArray(v) ? v : v === undefined ? [] : [v]) {
        // Most values are encoded properly; some go raw, as a careless client would send them.
        let kk: string, vv: string;
        try {
          kk = encodeURIComponent(k);
          vv = x.length % 7 === 3 ? x.replace(/[&#\s]/g, '') : encodeURIComponent(x);
        } catch {
          kk = 'k';
          vv = 'v';
        }
        parts.push(`${kk}=${vv}`);
      }
    return parts.join('&');
  }

  function check(r: { statusCode: number; headers: Record<string, unknown>; body: string }, what: string) {
    if (r.statusCode >= 500 || (r.statusCode !== 304 && !/json/.test(String(r.headers['content-type']))))
      throw new Error(`${what} -> ${r.statusCode} ${r.body.slice(0, 300)}`);
    JSON.parse(r.body || 'null');
    const key = `${what.split(' ')[0]} ${r.statusCode}`;
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
  }

  afterAll(() => console.log(`fuzz statuses: ${JSON.stringify(Object.fromEntries(statuses))}`));

  it('GET /api/quote: 6,000 requests', async () => {
    const t0 = performance.now();
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const url = `/api/quote?${encode(q)}`;
        check(await app.inject({ method: 'GET', url }), `GET ${url}`);
      }),
      { numRuns: 6000 },
    );
    console.log(`fuzz GET /api/quote x 6,000: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  });

  it('POST /api/quote: 4,000 requests', async () => {
    const t0 = performance.now();
    await fc.assert(
      fc.asyncProperty(body, fc.boolean(), async (b, asText) => {
        const payload = asText && typeof b === 'string' ? b : JSON.stringify(b);
        const r = await app.inject({
          method: 'POST',
          url: '/api/quote',
          headers: { 'content-type': 'application/json' },
          payload,
        });
        check(r, `POST ${payload.slice(0, 300)}`);
        if (r.statusCode === 200 && Array.isArray(b)) {
          const out = r.json();
          expect(out).toHaveLength(b.length);
          for (const x of out) if (x.status !== undefined) expect(x.status).toBeLessThan(500);
        }
      }),
      { numRuns: 4000 },
    );
    console.log(`fuzz POST /api/quote x 4,000: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  });

  it('POST /api/scenario: 600 requests (odd scenarios, quotes and series ranges)', async () => {
    const japan = parseYaml(readFileSync(join(ROOT, 'law', 'scenarios', 'japan-no-pause.yaml'), 'utf8')) as {
      changes: Record<string, Record<string, unknown>>[];
    };
    const KEYS = ['heading', 'authority', 'countries', 'products', 'rate', 'from', 'to', 'citation', 'program', 'x'];
    const lawValue = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom('9903.01.25', '+10%', '2025-04-10', '2025-06-01', ['JP', 'CN'], 'all') },
      fc.constantFrom('9903.01.25', '9903.01.53', 'ieepa_reciprocal', 's232', '+24%', '15%', 'no change', '24'),
      fc.constantFrom('2025-04-10', '2025-08-07', '2025-13-01', 'all', ['JP'], ['CN', 'XX'], ['61'], [], ['jp']),
      jsonValue,
    );
    // The Japan example with one key of one change replaced, dropped or added.
    const mutated = fc
      .record({ i: fc.nat(1), k: fc.constantFrom(...KEYS), v: fc.option(lawValue) })
      .map(({ i, k, v }) => {
        const changes = japan.changes.map((c) => {
          const [kind, body] = Object.entries(c)[0]!;
          return { [kind]: { ...body } } as Record<string, Record<string, unknown>>;
        });
        const body = Object.values(changes[i]!)[0]!;
        if (v === null) delete body[k];
        else body[k] = v;
        return { name: 'fuzz', changes };
      });
    const change = fc.oneof(
      fc
        .record({
          kind: fc.constantFrom('end', 'add', 'set', 'drop'),
          body: fc.dictionary(fc.constantFrom(...KEYS), lawValue, { maxKeys: 8 }),
        })
        .map(({ kind, body }) => ({ [kind]: body })),
      jsonValue,
    );
    const doc = fc.record(
      { name: fc.oneof(fc.string(), jsonValue), changes: fc.oneof(fc.array(change, { maxLength: 4 }), jsonValue) },
      { requiredKeys: [] },
    );
    const scenario = fc.oneof(
      { weight: 3, arbitrary: mutated },
      { weight: 2, arbitrary: doc },
      { weight: 2, arbitrary: fc.oneof(mutated, doc).map((d) => stringifyYaml(d)) },
      { weight: 1, arbitrary: fc.oneof(text, jsonValue) },
    );
    // Only series that fail their checks: a valid one would evaluate every line and country.
    const series = fc.oneof(
      { weight: 4, arbitrary: fc.constant(null) },
      fc.record({
        from: fc.constantFrom('2025-04-10', '2024-01-01', 'x'),
        to: fc.constantFrom('2025-04-01', '2027-01-01'),
      }),
      fc.record({ from: fc.constant('2025-01-01'), to: fc.constantFrom('2026-02-01', '2026-03-01') }),
      jsonValue,
    );
    const valid = { hts: '6109.10.0012', country: 'JP', date: '2025-05-01', value: '1000' };
    const t0 = performance.now();
    await fc.assert(
      fc.asyncProperty(scenario, fc.oneof(fc.constant(valid), oneOdd, item), series, async (sc, q, se) => {
        const payload = JSON.stringify({ scenario: sc, quote: q, ...(se === null ? {} : { series: se }) });
        const r = await app.inject({
          method: 'POST',
          url: '/api/scenario',
          headers: { 'content-type': 'application/json' },
          payload,
        });
        check(r, `POST-scenario ${payload.slice(0, 300)}`);
      }),
      { numRuns: 600 },
    );
    console.log(`fuzz POST /api/scenario x 600: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  });
});
