// GET /api/timeline on the real schedule and law, through app.inject: the change points of one line from one
// country on the law's own dates, labelled with what changed; bad input named by field.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLawFor } from '../../src/cli/law.js';
import { loadFees } from '../../src/load/fees.js';
import { lawDir } from '../../src/load/index.js';
import { buildApp } from '../../src/server/app.js';
import { realContext } from '../helpers.js';

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
    webDir: false,
  });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
});

interface Point {
  date: string;
  to?: string;
  kind: string;
  total: number | null;
  totalDuty: string | null;
  label: string;
  rateChanged: boolean;
  components: { authority: string; heading: string | null }[];
  changes: { authority: string; from?: { heading: string | null }; to?: { heading: string | null } }[];
}

async function timeline(query: string) {
  const r = await app.inject({ method: 'GET', url: `/api/timeline?${query}` });
  return { status: r.statusCode, body: r.json(), headers: r.headers };
}

describe('GET /api/timeline', () => {
  it('a Japanese car: the 15% step on 2025-09-16, none on 2025-10-01, labelled with the Section 232 autos headings', async () => {
    const { status, body } = await timeline('hts=8703.23.0190&country=JP');
    expect(status).toBe(200);
    expect(body).toMatchObject({ hts: '8703.23.0190', country: 'JP', mode: 'legal', from: '2025-01-01' });
    expect(body.line.description).toMatch(/motor cars/i);
    expect(body.evaluated).toBeGreaterThan(20);
    const points = body.points as Point[];
    expect(points.map((p) => p.date)).not.toContain('2025-10-01');
    const i = points.findIndex((p) => p.date === '2025-09-16');
    expect(points[i]).toMatchObject({ total: 15, rateChanged: true, kind: 'quote' });
    expect(points[i - 1]).toMatchObject({ total: 27.5, to: '2025-09-16' });
    expect(points[i]!.label).toMatch(/Section 232 automobiles.*9903\.94\.01 → 9903\.94\.41, \+25% → 15%/);
    expect(points[i]!.changes).toEqual([
      expect.objectContaining({ authority: 's232', from: expect.objectContaining({ heading: '9903.94.01' }) }),
    ]);
  });

  it('Canadian steel: 50% from 2025-06-04; a value gives the duty; the entry date is not a field of the timeline', async () => {
    const { status, body } = await timeline('hts=7208.10.1500&country=CA&value=1000&date=2025-07-15');
    expect(status).toBe(200);
    const points = body.points as Point[];
    const step = points.find((p) => p.date === '2025-06-04')!;
    expect(step).toMatchObject({ total: 50, totalDuty: '500.00' });
    expect(step.components.map((c) => c.heading)).toContain('9903.81.87');
    expect(step.label).toContain('Section 232 steel and steel derivatives begins: 9903.81.87 +50%');
    expect(points.map((p) => p.date)).not.toContain('2025-07-01');
    expect(points[0]!.date).toBe('2025-01-01');
  });

  it('starts on the importation date; a prohibition is a point of its own', async () => {
    const banned = await timeline('hts=2208.30.6020&country=CA');
    expect((banned.body.points as Point[]).find((p) => p.date === '2026-09-29')).toMatchObject({
      kind: 'prohibited',
      total: null,
    });
    const before = await timeline('hts=2208.30.6020&country=CA&imported=2026-09-20');
    expect(before.status).toBe(200);
    expect(before.body.from).toBe('2026-09-20');
    expect((before.body.points as Point[]).every((p) => p.kind === 'quote')).toBe(true);
  });

  it('names bad input with 400 and an unknown code with 404; is listed in the OpenAPI document', async () => {
    const missing = await timeline('country=JP');
    expect(missing.status).toBe(400);
    expect(missing.body.error.field).toBe('hts');
    const country = await timeline('hts=8703.23.0190&country=XX');
    expect(country.status).toBe(400);
    expect(country.body.error.field).toBe('country');
    const loaded = await timeline('hts=8703.23.0190&country=JP&loaded=2025-13-01');
    expect(loaded.status).toBe(400);
    expect(loaded.body.error.field).toBe('loaded');
    const unknown = await timeline('hts=6109.10.0099&country=CN');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.field).toBe('hts');
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.paths['/api/timeline'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['hts', 'country', 'value', 'loaded', 'imported', 'mode']),
    );
    expect(doc.components.schemas.Timeline).toBeDefined();
  });
});
