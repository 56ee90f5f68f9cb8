// The HTTP API: the same operations as the CLI, JSON in and out, over the Schedule and the Law loaded once.
// buildApp returns a Fastify instance that is not listening, so tests drive it with app.inject.
// Bad input is always a 4xx naming the field (InputError → 400, an unknown HTS code → 404); a 500 is a bug.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { parse as parseCsv } from 'csv-parse/sync';
import type { z } from 'zod';
import { InputError, isInputError } from '../core/errors.js';
import { parseHts } from '../core/hts/code.js';
import { quote, type QuoteMemo, type QuoteResult } from '../core/evaluate/quote.js';
import { parseEntry, type RawEntry } from '../core/evaluate/parse-entry.js';
import type { FeeSchedule } from '../core/entries/fees.js';
import type { Law } from '../core/law/types.js';
import { parseIsoDate, type IsoDate } from '../core/time/date.js';
import type { Schedule } from '../schedule/schedule.js';
import { openSearch } from '../schedule/open.js';
import type { HtsSearch } from '../schedule/search.js';
import { compareOrigins } from '../analytics/compare-origins.js';
import { runEntries } from '../entries/run.js';
import { htsJson } from '../cli/commands/hts.js';
import { pickRevision } from '../cli/revision-pick.js';
import {
  ACCEPTED,
  BatchResult,
  CompareOriginsAnswer,
  CompareOriginsQuery,
  ENTRY_COLUMNS,
  EntriesAnswer,
  EntriesBody,
  ErrorBody,
  HealthAnswer,
  HtsAnswer,
  HtsParams,
  HtsQuery,
  MAX_BATCH,
  MAX_FIELD,
  QUOTE_FIELDS,
  QuoteAnswer,
  QuoteBatch,
  QuoteQuery,
  SearchAnswer,
  SearchQuery,
  SERIES_FIELDS,
  SeriesAnswer,
  SeriesQuery,
  type QuoteField,
} from './schemas.js';
import {
  changeDates,
  defaultWeights,
  matrixCountries,
  seriesPoint,
  seriesRows,
  type SeriesPoint,
  type SeriesRow,
  type SeriesWeights,
} from '../analytics/series.js';
import { FIRST_DATE } from '../core/evaluate/parse-entry.js';
import type { Mode } from '../core/evaluate/entry.js';

export interface AppOptions {
  schedule: Schedule;
  law: Law;
  fees: FeeSchedule;
  /** Where the search index is cached (the CLI's cache directory). */
  cacheDir: string;
  /** Checksum of the sources: with lawKey, names the answers for ETags. */
  sourcesKey: string;
  /** Checksum of the law records (and code version): answers change when they do. */
  lawKey?: string;
  /** Fastify's logger (pino): false (default, tests) or its options. */
  logger?: boolean | { level?: string };
  /** Requests per minute per IP; false turns rate limiting off (tests). Default 600. */
  rateLimit?: false | { max: number; timeWindow?: string | number };
  /** Body limits in bytes: default 5 MB, 20 MB for POST /api/entries. */
  bodyLimit?: number;
  entriesBodyLimit?: number;
  /**
   * The built web app served at / (index.html for client routes): default web/dist of the package; false for none.
   * When the default directory is missing, only the API is served (with a note when logging is on).
   */
  webDir?: string | false;
  /** The sources directory: the default import weights of GET /api/series (without it, weighted columns are null). */
  sourcesDir?: string;
}

/** web/dist of the package, from src/server (tests, tsx) or dist/src/server (the built CLI). */
export function defaultWebDir(): string {
  let d = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(d, 'package.json'))) return join(d, 'web', 'dist');
    d = dirname(d);
  }
  return join(process.cwd(), 'web', 'dist');
}

/** Paths that belong to the API and its documents, never to the web app. */
const API_PATH = /^\/(api|docs|openapi\.json)(\/|\?|$)/;

const MB = 1024 * 1024;
const IMMUTABLE = 'public, max-age=86400';

interface ErrorJson {
  field?: string;
  value?: unknown;
  message: string;
  accepted?: string;
  suggestions?: string[];
}

/** 404 for an HTS code that does not exist in the revision asked; 400 for every other InputError. */
function statusOf(e: InputError): 400 | 404 {
  return e.field === 'hts' && /does not exist/.test(e.message) ? 404 : 400;
}

/** Echoed values are cut so that a huge bad input is not sent back whole. */
function clip(v: unknown): unknown {
  if (typeof v === 'string' && v.length > 100) return `${v.slice(0, 100)}...`;
  return v;
}

function inputErrorJson(e: InputError): ErrorJson {
  const j = e.toJSON();
  return { ...j, value: clip(j.value) };
}

/**
 * The engine's answers, typed as the response schemas that document them (loose objects: the schemas name the main
 * fields, the serializer checks them and passes the others through).
 */
function answer<S extends z.ZodType>(_schema: S, value: unknown): z.output<S> {
  return value as z.output<S>;
}

function truthy(s: string | undefined): boolean {
  return s === 'true' || s === '1';
}

/** A quote without its trace unless it was asked for (as the CLI does). */
function withoutTrace(q: QuoteResult, keep: boolean): QuoteResult {
  if (keep || q.kind !== 'quote') return q;
  const { trace: _trace, ...rest } = q;
  return rest as QuoteResult;
}

/** The text fields of one batch item, or an InputError naming the first field of a wrong type. */
function rawOfItem(item: unknown): { raw: RawEntry; trace: boolean } {
  if (typeof item !== 'object' || item === null || Array.isArray(item))
    throw new InputError(
      'item',
      clip(Array.isArray(item) ? '[array]' : item),
      'an item of the batch is not an object',
      'an object with hts, country, date and optionally value, quantity, program, loaded, content, claim, mode, id',
    );
  const o = item as Record<string, unknown>;
  const raw: RawEntry = {};
  for (const k of Object.keys(QUOTE_FIELDS) as QuoteField[]) {
    const v = o[k];
    if (v === undefined || v === null) continue;
    if (typeof v === 'number' && Number.isFinite(v)) raw[k] = String(v);
    else if (typeof v === 'string') {
      if (v.length > MAX_FIELD)
        throw new InputError(k, clip(v), `${k} is too long (${v.length} characters)`, QUOTE_FIELDS[k]);
      raw[k] = v;
    } else
      throw new InputError(
        k,
        clip(typeof v === 'object' ? JSON.stringify(v) : String(v)),
        `${k} is not text`,
        QUOTE_FIELDS[k],
      );
  }
  const t = o['trace'];
  if (t !== undefined && t !== null && typeof t !== 'boolean' && t !== 'true' && t !== 'false')
    throw new InputError('trace', clip(String(t)), 'trace is not true or false', ACCEPTED.trace!);
  return { raw, trace: t === true || t === 'true' };
}

/** A field named by a zod issue path: "hts", "3.value" (item 3 of a batch), or the part of the request. */
function fieldOf(path: string, context: string | undefined): string {
  const p = path.replace(/^\//, '').replace(/\//g, '.');
  return p || context || 'request';
}

function parseIfNoneMatch(h: string | string[] | undefined): string[] {
  if (!h) return [];
  return (Array.isArray(h) ? h.join(',') : h)
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .filter(Boolean);
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { schedule, law, fees } = opts;
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: opts.bodyLimit ?? 5 * MB,
    // The answers name their own errors; Fastify's default 404 and error bodies are replaced below.
    return503OnClosing: true,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const entriesLimit = opts.entriesBodyLimit ?? 20 * MB;
  app.addContentTypeParser(
    ['text/csv', 'application/csv'],
    { parseAs: 'string', bodyLimit: entriesLimit },
    (_req, body, done) => done(null, body),
  );

  // ---- errors ---------------------------------------------------------------------------------------------------
  app.setErrorHandler((err: unknown, req, reply) => {
    if (isInputError(err)) return reply.code(statusOf(err)).send({ error: inputErrorJson(err) });
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issue = err.validation[0]!;
      const field = fieldOf(issue.instancePath, (err as { validationContext?: string }).validationContext);
      const last = field.split('.').pop()!;
      const missing = issue.keyword === 'invalid_type' && /received undefined/.test(issue.message ?? '');
      return reply.code(400).send({
        error: {
          field,
          message: missing ? `${field} is missing` : `${field}: ${issue.message}`,
          accepted: ACCEPTED[last] ?? ACCEPTED.body!,
        },
      });
    }
    const e = err as { statusCode?: number; code?: string; message?: string; error?: ErrorJson };
    const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
    if (status === 429)
      return reply.code(429).send({ error: e.error ?? { message: 'too many requests; retry later' } });
    if (status >= 400 && status < 500) {
      // Fastify's own request errors: malformed JSON, a body too large, an unsupported content type, a bad URL.
      const accepted =
        status === 413
          ? `a body of at most ${req.routeOptions.bodyLimit ?? opts.bodyLimit ?? 5 * MB} bytes`
          : status === 415
            ? 'application/json (and text/csv for POST /api/entries)'
            : 'a well-formed request (see /openapi.json)';
      return reply.code(status).send({ error: { field: 'body', message: e.message ?? 'bad request', accepted } });
    }
    req.log.error({ err }, 'internal error');
    return reply
      .code(500)
      .send({ error: { message: 'internal error: this is a bug of the server, not of the request' } });
  });
  const webDir = opts.webDir === false ? null : (opts.webDir ?? defaultWebDir());
  const web = webDir !== null && existsSync(join(webDir, 'index.html')) ? webDir : null;
  if (webDir !== null && !web && opts.logger)
    process.stderr.write(
      `tariff: the web app is not built (${webDir} is missing): serving the API only; ` +
        'build it with `npx vite build web` (npm start does).\n',
    );
  app.setNotFoundHandler((req, reply) => {
    // A client route of the web app (a page, not a file or the API): the app's index.html routes it.
    const path = req.url.split('?')[0]!;
    if (
      web &&
      (req.method === 'GET' || req.method === 'HEAD') &&
      !API_PATH.test(req.url) &&
      !/\.[a-z0-9]+$/i.test(path) &&
      (req.headers.accept ?? '').includes('text/html')
    )
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    return reply.code(404).send({
      error: {
        field: 'url',
        value: clip(req.url),
        message: `no route ${req.method} ${clip(req.url)}`,
        accepted: web
          ? 'a page of the web app (/, /browse, /entries, /countries) or an API route (see /docs)'
          : 'see /docs',
      },
    });
  });

  // ---- plugins --------------------------------------------------------------------------------------------------
  // Served over plain HTTP on a local address by default: no upgrade of subresources to https.
  await app.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  });
  if (opts.rateLimit !== false)
    await app.register(fastifyRateLimit, {
      max: opts.rateLimit?.max ?? 600,
      timeWindow: opts.rateLimit?.timeWindow ?? '1 minute',
      errorResponseBuilder: (_req, ctx) => ({
        statusCode: 429,
        error: {
          field: 'rate',
          message: `more than ${ctx.max} requests in ${ctx.after}; retry in ${Math.ceil(ctx.ttl / 1000)} s`,
          accepted: `at most ${ctx.max} requests per ${ctx.after} per client`,
        },
      }),
    });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'tariff',
        description:
          'US import tariffs, exactly: the official HTS of every 2025-2026 revision and the measures on top of it. ' +
          'Errors are {"error": {"field", "message", "accepted"}}: 400 for bad input, 404 for unknown codes.',
        version: '0.1.0',
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    transformStaticCSP: (h) => h.replace(/\s*upgrade-insecure-requests;?/, ''),
  });

  if (web)
    await app.register(fastifyStatic, {
      root: web,
      prefix: '/',
      index: ['index.html'],
      // Hashed bundles never change; index.html names the current ones.
      setHeaders: (res, file) =>
        res.header('cache-control', /[\\/]assets[\\/]/.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache'),
    });

  const r = app.withTypeProvider<ZodTypeProvider>();
  const errors = { 400: ErrorBody, 404: ErrorBody };
  const latest = schedule.latest;
  const memo: QuoteMemo = new Map();
  let search: HtsSearch | null = null;

  /** ETag of an immutable answer; true when the client already has it (the caller answers 304). */
  const cached = (req: FastifyRequest, reply: FastifyReply, immutable: boolean): boolean => {
    if (!immutable) {
      reply.header('cache-control', 'no-cache');
      return false;
    }
    const tag = `"${createHash('sha256')
      .update(`${opts.sourcesKey}\n${opts.lawKey ?? ''}\n${req.url}`)
      .digest('base64url')
      .slice(0, 32)}"`;
    reply.header('etag', tag).header('cache-control', IMMUTABLE);
    const has = parseIfNoneMatch(req.headers['if-none-match']);
    if (!has.includes(tag) && !has.includes('*')) return false;
    reply.code(304).send();
    return true;
  };
  /** An answer about a date before the latest revision was published cannot change for these sources. */
  const past = (date: IsoDate) => date < latest.published;

  // ---- the daily series ----------------------------------------------------------------------------------------
  // Evaluating takes about a second per change date: the points of each (mode, from, to) are computed once and kept
  // (the law and the sources do not change while the server runs); the rows of each grouping derive from them.
  const seriesCountries = matrixCountries(law);
  const seriesCodes = new Set(seriesCountries.map((c) => c.code));
  let seriesWeights: { weights: SeriesWeights | null; source: string | null } | null = null;
  const weightsForSeries = () => {
    if (seriesWeights) return seriesWeights;
    seriesWeights = { weights: null, source: null };
    if (opts.sourcesDir) {
      try {
        const { weights } = defaultWeights(opts.sourcesDir, seriesCountries);
        seriesWeights = { weights, source: 'default (2024 imports by country and GTAP sector)' };
      } catch (err) {
        app.log.warn({ err }, 'no default import weights: weighted series columns are null');
      }
    }
    return seriesWeights;
  };
  const seriesCache = new Map<string, Promise<{ points: SeriesPoint[]; evaluated: IsoDate[] }>>();
  const seriesPoints = (mode: Mode, from: IsoDate, to: IsoDate) => {
    const key = `${mode} ${from} ${to}`;
    let p = seriesCache.get(key);
    if (!p) {
      p = (async () => {
        const { weights } = weightsForSeries();
        const evaluated = changeDates(schedule, law, from, to, mode);
        const lineCache = new Map<string, string[]>();
        const points: SeriesPoint[] = [];
        for (const d of evaluated) {
          // Yield between dates so that other requests are answered meanwhile.
          await new Promise((res) => setImmediate(res));
          points.push(seriesPoint(schedule, law, d, mode, weights, lineCache));
        }
        return { points, evaluated };
      })();
      seriesCache.set(key, p);
      p.catch(() => seriesCache.delete(key));
    }
    return p;
  };
  const lastSeriesDate = addYear(latest.effective);
  const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
  const roundRow = (r: SeriesRow): SeriesRow => ({
    ...r,
    mean_additional_pct: round6(r.mean_additional_pct),
    mean_total_pct: round6(r.mean_total_pct),
    weighted_additional_pct: r.weighted_additional_pct === null ? null : round6(r.weighted_additional_pct),
    weighted_total_pct: r.weighted_total_pct === null ? null : round6(r.weighted_total_pct),
  });

  // ---- routes ---------------------------------------------------------------------------------------------------
  r.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  r.get(
    '/api/health',
    { schema: { summary: 'the sources served: checksum and revisions', response: { 200: HealthAnswer } } },
    async () => ({
      status: 'ok' as const,
      sourcesKey: opts.sourcesKey,
      revisions: schedule.revisions.map((x) => ({ id: x.id, published: x.published, effective: x.effective })),
      latest: { id: latest.id, published: latest.published, effective: latest.effective },
    }),
  );

  r.get(
    '/api/quote',
    {
      schema: {
        summary: 'the duty on one entry line, component by component',
        description:
          'Answers for dates before the latest revision was published carry an ETag and may be cached for a day.',
        querystring: QuoteQuery,
        response: { 200: QuoteAnswer, ...errors },
      },
    },
    async (req, reply) => {
      const { trace, ...fields } = req.query;
      const entry = parseEntry(fields, law);
      if (cached(req, reply, past(entry.date))) return reply;
      const keep = truthy(trace);
      return answer(QuoteAnswer, withoutTrace(quote(schedule, law, entry, { trace: keep, memo }), keep));
    },
  );

  r.get(
    '/api/compare-origins',
    {
      schema: {
        summary: 'every country of origin ranked by the duty on one product on one date, equal treatments grouped',
        description:
          'Validated like GET /api/quote (without country). Answers for dates before the latest revision was ' +
          'published carry an ETag and may be cached for a day.',
        querystring: CompareOriginsQuery,
        response: { 200: CompareOriginsAnswer, ...errors },
      },
    },
    async (req, reply) => {
      // Parsed like a quote (any country will do for the checks), then quoted for every country.
      const { country: _c, ...base } = parseEntry({ ...req.query, country: 'US' }, law);
      if (cached(req, reply, past(base.date))) return reply;
      return answer(CompareOriginsAnswer, compareOrigins(schedule, law, base));
    },
  );

  r.post(
    '/api/quote',
    {
      schema: {
        summary: `quotes for up to ${MAX_BATCH.toLocaleString('en-US')} entry lines, in order`,
        description: 'A bad item gives {index, id, status, error} in its place; the others are quoted.',
        body: QuoteBatch,
        response: { 200: BatchResult, ...errors },
      },
    },
    async (req) => {
      const items = req.body;
      const out: unknown[] = new Array(items.length);
      for (let i = 0; i < items.length; i++) {
        // Yield to other requests now and then: a batch of 10,000 must not hold the server.
        if (i > 0 && (i & 255) === 0) await new Promise((res) => setImmediate(res));
        const item = items[i];
        const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
        try {
          const { raw, trace } = rawOfItem(item);
          out[i] = withoutTrace(quote(schedule, law, parseEntry(raw, law), { trace, memo }), trace);
        } catch (err) {
          const echo = id !== undefined && id !== null ? { id: clip(id) } : {};
          if (isInputError(err)) out[i] = { index: i, ...echo, status: statusOf(err), error: inputErrorJson(err) };
          else {
            req.log.error({ err, index: i }, 'internal error on a batch item');
            out[i] = { index: i, ...echo, status: 500, error: { message: 'internal error on this item' } };
          }
        }
      }
      return answer(BatchResult, out);
    },
  );

  r.get(
    '/api/hts/:code',
    {
      schema: {
        summary: 'one line of the schedule: path, units, rates as printed and parsed, Chapter 99, changes',
        params: HtsParams,
        querystring: HtsQuery,
        response: { 200: HtsAnswer, ...errors },
      },
    },
    async (req, reply) => {
      const digits = parseHts(req.params.code, 'hts');
      const { revision, notes } = pickRevision(schedule, req.query);
      const line = schedule.requireLine(digits, revision);
      const pinned = req.query.revision
        ? revision.id !== latest.id
        : req.query.date !== undefined && past(parseIsoDate(req.query.date, 'date'));
      if (cached(req, reply, pinned)) return reply;
      const j = htsJson(schedule, line);
      return answer(HtsAnswer, notes.length ? { ...j, notes } : j);
    },
  );

  r.get(
    '/api/search',
    {
      schema: {
        summary: 'full-text search over descriptions (every word of the description path counts), ranked',
        querystring: SearchQuery,
        response: { 200: SearchAnswer, ...errors },
      },
    },
    async (req) => {
      const q = req.query;
      const text = q.q.trim();
      if (!text) throw new InputError('q', q.q, 'the search text is empty', ACCEPTED.q!);
      const limit = q.limit === undefined ? 20 : Number(q.limit);
      if (!/^\d+$/.test(q.limit ?? '20') || !Number.isInteger(limit) || limit < 1 || limit > 1000)
        throw new InputError('limit', q.limit, `limit ${q.limit} is not a count`, ACCEPTED.limit!);
      let chapter: number | undefined;
      if (q.chapter !== undefined) {
        chapter = Number(q.chapter);
        if (!/^\d{1,2}$/.test(q.chapter) || chapter < 1 || chapter > 99)
          throw new InputError('chapter', q.chapter, `chapter ${q.chapter} is not a chapter`, ACCEPTED.chapter!);
      }
      const { revision, notes } = pickRevision(schedule, q);
      search ??= openSearch(schedule, opts.cacheDir);
      const found = search.search(text, revision, { limit, ...(chapter !== undefined ? { chapter } : {}) });
      return answer(SearchAnswer, notes.length ? { ...found, notes } : found);
    },
  );

  r.get(
    '/api/series',
    {
      schema: {
        summary: 'the daily mean additional and total rates over all pairs of HTS-10 line x country',
        description:
          'Unweighted and weighted by 2024 imports, overall, by country or by authority (see docs/series.md). ' +
          'Rates are evaluated once per change date (about a second each) and kept: the first request for a long ' +
          'range takes a while, the next ones are immediate.',
        querystring: SeriesQuery,
        response: { 200: SeriesAnswer, ...errors },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const from = parseIsoDate(q.from, 'from');
      const to = parseIsoDate(q.to, 'to');
      if (from < FIRST_DATE)
        throw new InputError('from', q.from, `from ${from} is before ${FIRST_DATE}`, SERIES_FIELDS.from);
      if (to < from) throw new InputError('to', q.to, `to ${to} is before from ${from}`, SERIES_FIELDS.to);
      if (to > lastSeriesDate)
        throw new InputError(
          'to',
          q.to,
          `to ${to} is after ${lastSeriesDate}, a year after the latest revision took effect`,
          `a date from ${from} to ${lastSeriesDate}`,
        );
      const mode: Mode = q.mode ?? 'legal';
      let by = q.by ?? 'overall';
      let country: string | undefined;
      if (q.country !== undefined && q.country.trim() !== '') {
        country = q.country.trim().toUpperCase();
        if (!seriesCodes.has(country))
          throw new InputError(
            'country',
            q.country,
            `country "${q.country}" is not in the series`,
            SERIES_FIELDS.country,
          );
        if (q.by !== undefined && q.by !== 'country')
          throw new InputError(
            'country',
            q.country,
            `country is only for by=country, not by=${q.by}`,
            SERIES_FIELDS.country,
          );
        by = 'country';
      }
      if (cached(req, reply, past(to))) return reply;
      const { points, evaluated } = await seriesPoints(mode, from, to);
      let rows = seriesRows(points, to, by);
      if (country !== undefined) rows = rows.filter((x) => x.country === country);
      return answer(SeriesAnswer, {
        from,
        to,
        by,
        mode,
        ...(country !== undefined ? { country } : {}),
        weights: weightsForSeries().source,
        evaluated,
        rows: rows.map(roundRow),
      });
    },
  );

  r.post(
    '/api/entries',
    {
      bodyLimit: entriesLimit,
      schema: {
        summary: 'entry lines: duty per authority, MPF and HMF, IEEPA paid and refunds; the summary and the lines',
        consumes: ['text/csv', 'application/json'],
        body: EntriesBody,
        response: { 200: EntriesAnswer, ...errors },
      },
    },
    async (req) => {
      const csv = typeof req.body === 'string' ? req.body : toCsv(req.body);
      if (!csv.trim()) throw new InputError('body', '', 'the entry file is empty', ACCEPTED.body!);
      const dir = mkdtempSync(join(tmpdir(), 'tariff-entries-'));
      try {
        const linesPath = join(dir, 'lines.csv');
        let summary;
        try {
          summary = await runEntries(schedule, law, fees, { input: Readable.from([csv]), linesOut: linesPath });
        } catch (err) {
          // csv-parse names malformed CSV with a CSV_* code: that is bad input, not a failure of the server.
          const code = (err as { code?: unknown }).code;
          if (typeof code === 'string' && code.startsWith('CSV_'))
            throw new InputError(
              'body',
              '',
              `the CSV is malformed: ${(err as Error).message}`,
              'a CSV with a header line naming entry,line,date,hts,country,value',
            );
          throw err;
        }
        const lines = parseCsv(readFileSync(linesPath, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<
          string,
          string
        >[];
        return answer(EntriesAnswer, { ...summary, lines });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  return app;
}

/** The same day a year later (29 February → 28 February). */
function addYear(d: IsoDate): IsoDate {
  const y = Number(d.slice(0, 4)) + 1;
  const md = d.slice(5) === '02-29' ? '02-28' : d.slice(5);
  return `${y}-${md}` as IsoDate;
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** JSON entry lines as the CSV runEntries reads (known columns only). */
function toCsv(lines: Record<string, unknown>[]): string {
  if (lines.length === 0) return '';
  const cols = ENTRY_COLUMNS.filter((c) => lines.some((l) => l[c] !== undefined && l[c] !== null));
  if (cols.length === 0) cols.push('entry');
  return [cols.join(','), ...lines.map((l) => cols.map((c) => csvCell(l[c])).join(','))].join('\n') + '\n';
}
