// The HTTP API: the same operations as the CLI, JSON in and out, over the Schedule and the Law loaded once.
// buildApp returns a Fastify instance that is not listening, so tests drive it with app.inject.
// Bad input is always a 4xx naming the field (InputError → 400, an unknown HTS code or revision → 404); a 500 is a
// bug.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { InputError, isInputError } from '../core/errors.js';
import { parseHts } from '../core/hts/code.js';
import { inputOf, quote, type QuoteMemo } from '../core/evaluate/quote.js';
import { parseEntry, type RawEntry } from '../core/evaluate/parse-entry.js';
import type { FeeSchedule } from '../core/entries/fees.js';
import type { Law } from '../core/law/types.js';
import { applyScenario, type Scenario } from '../core/law/scenario.js';
import { addDays, daysBetween, isIsoDate, parseIsoDate, type IsoDate } from '../core/time/date.js';
import type { Revision, Schedule } from '../schedule/schedule.js';
import { diffRevisions, type RevisionDiff } from '../schedule/diff.js';
import { lawDir } from '../load/index.js';
import { parseScenario } from '../load/scenario.js';
import { openSearch } from '../schedule/open.js';
import type { HtsSearch } from '../schedule/search.js';
import { compareOrigins } from '../analytics/compare-origins.js';
import { runScenarioQuote, scenarioSeriesRows, withoutTrace, type SeriesValues } from '../analytics/scenario-run.js';
import { lawsDiffer } from '../analytics/scenario-dates.js';
import { lineTimeline, type Timeline } from '../analytics/timeline.js';
import { runEntries } from '../entries/run.js';
import { htsJson } from '../cli/commands/hts.js';
import { pickRevision } from '../cli/revision-pick.js';
import {
  ACCEPTED,
  BatchResult,
  CompareOriginsAnswer,
  CompareOriginsQuery,
  DIFF_FIELDS,
  DiffAnswer,
  DiffQuery,
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
  MAX_SCENARIO_DATES,
  MAX_SCENARIO_DAYS,
  QUOTE_FIELDS,
  QuoteAnswer,
  QuoteBatch,
  QuoteQuery,
  RevisionsAnswer,
  SCENARIO_FIELDS,
  ScenarioAnswer,
  ScenarioBody,
  ScenariosAnswer,
  SearchAnswer,
  SearchQuery,
  SERIES_FIELDS,
  SeriesAnswer,
  SeriesQuery,
  TimelineAnswer,
  TimelineQuery,
  type QuoteField,
} from './schemas.js';
import {
  changeDates,
  DEFAULT_ASSUMPTIONS,
  defaultWeights,
  loadAssumptionData,
  matrixCountries,
  seriesPoint,
  type AssumptionData,
  seriesRows,
  SERIES_AUTHORITIES,
  type SeriesBy,
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
  /** The example scenarios of GET /api/scenarios: default law/scenarios of the package. */
  scenariosDir?: string;
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

/** Something asked for by name that the sources do not have (a revision): 404. */
class NotFoundError extends InputError {}

/** 404 for an HTS code that does not exist in the revision asked (or a revision); 400 for every other InputError. */
function statusOf(e: InputError): 400 | 404 {
  if (e instanceof NotFoundError) return 404;
  return /(^|\.)hts$/.test(e.field) && /does not exist/.test(e.message) ? 404 : 400;
}

/**
 * Runs `run`, naming the fields of its InputErrors under `prefix`: "country" of the quote becomes "quote.country",
 * "changes[1].add.rate" of the scenario "scenario.changes[1].add.rate" (and the scenario as a whole "scenario").
 */
function under<T>(prefix: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (!isInputError(e)) throw e;
    const field = e.field === '(file)' || e.field === '' ? prefix : `${prefix}.${e.field}`;
    throw new InputError(field, e.value, e.message, e.accepted, e.suggestions);
  }
}

/** A scenario of a request: YAML text or the parsed document; errors name the change and key (under `scenario`). */
function readScenario(input: string | Record<string, unknown>): Scenario {
  let doc: unknown = input;
  if (typeof input === 'string') {
    if (!input.trim()) throw new InputError('scenario', '', 'the scenario is empty', SCENARIO_FIELDS.scenario);
    try {
      doc = parseYaml(input, { maxAliasCount: 100 });
    } catch (e) {
      throw new InputError(
        'scenario',
        clip(input),
        `the scenario is not valid YAML: ${(e as Error).message}`,
        SCENARIO_FIELDS.scenario,
      );
    }
  }
  return under('scenario', () => parseScenario(doc, 'scenario'));
}

/** A map that keeps the `max` most recently used entries. */
function lru<V>(max: number) {
  const m = new Map<string, V>();
  return {
    get(k: string): V | undefined {
      const v = m.get(k);
      if (v !== undefined) {
        m.delete(k);
        m.set(k, v);
      }
      return v;
    },
    set(k: string, v: V): void {
      m.delete(k);
      m.set(k, v);
      if (m.size > max) m.delete(m.keys().next().value!);
    },
    delete: (k: string) => m.delete(k),
  };
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

/** A zod issue about a field that is absent (a union's: absent for every branch). */
function isMissing(issue: { keyword: string; message?: string; params?: Record<string, unknown> }): boolean {
  const undef = (m: string | undefined) => /received undefined/.test(m ?? '');
  if (issue.keyword === 'invalid_type') return undef(issue.message);
  const branches = issue.params?.['errors'];
  return (
    issue.keyword === 'invalid_union' &&
    Array.isArray(branches) &&
    branches.length > 0 &&
    branches.every(
      (b: unknown) =>
        Array.isArray(b) &&
        b.some((i: { path?: unknown[]; message?: string }) => (i.path?.length ?? 0) === 0 && undef(i.message)),
    )
  );
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
      const missing = isMissing(issue);
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
          ? 'a page of the web app (/, /browse, /diff, /countries, /scenarios, /entries, /rates) or an API route ' +
            '(see /docs)'
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
  // The default assumptions of `tariff series` (USMCA utilization, BEA metal content), when the sources hold them.
  let assumed: AssumptionData | undefined;
  const assumptionsForSeries = (): AssumptionData => {
    if (assumed) return assumed;
    assumed = { assumptions: { usmca: 'statutory', metalContent: 'none', universe: 'tariff' } };
    if (opts.sourcesDir)
      try {
        assumed = loadAssumptionData(opts.sourcesDir, DEFAULT_ASSUMPTIONS);
      } catch (err) {
        app.log.warn({ err }, 'no USMCA or metal content shares: the series are statutory');
      }
    return assumed;
  };
  /** The points of a law on its change dates, yielding between dates so that other requests are answered. */
  const evaluate = async (l: Law, mode: Mode, dates: IsoDate[]): Promise<SeriesPoint[]> => {
    const { weights } = weightsForSeries();
    const data = assumptionsForSeries();
    const lineCache = new Map<string, string[]>();
    const points: SeriesPoint[] = [];
    for (const d of dates) {
      await new Promise((res) => setImmediate(res));
      points.push(seriesPoint(schedule, l, d, mode, weights, lineCache, data));
    }
    return points;
  };
  // The points of the last 32 ranges asked (about 30 KB a point: a long range's are 1-2 MB).
  const seriesCache = lru<Promise<{ points: SeriesPoint[]; evaluated: IsoDate[] }>>(32);
  const seriesPoints = (mode: Mode, from: IsoDate, to: IsoDate) => {
    const key = `${mode} ${from} ${to}`;
    let p = seriesCache.get(key);
    if (!p) {
      const evaluated = changeDates(schedule, law, from, to, mode);
      p = evaluate(law, mode, evaluated).then((points) => ({ points, evaluated }));
      seriesCache.set(key, p);
      p.catch(() => seriesCache.delete(key));
    }
    return p;
  };
  const lastSeriesDate = addYear(latest.effective);
  const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
  const roundValues = (r: SeriesValues): SeriesValues => ({
    mean_additional_pct: round6(r.mean_additional_pct),
    mean_total_pct: round6(r.mean_total_pct),
    weighted_additional_pct: r.weighted_additional_pct === null ? null : round6(r.weighted_additional_pct),
    weighted_total_pct: r.weighted_total_pct === null ? null : round6(r.weighted_total_pct),
  });
  const roundRow = (r: SeriesRow): SeriesRow => ({ ...r, ...roundValues(r) });

  /** The from and to of a series request, checked (`prefix` names the fields: "series." in POST /api/scenario). */
  const seriesRange = (q: { from: string; to: string }, prefix = ''): { from: IsoDate; to: IsoDate } => {
    const [f, t] = [`${prefix}from`, `${prefix}to`];
    const from = parseIsoDate(q.from, f);
    const to = parseIsoDate(q.to, t);
    if (from < FIRST_DATE) throw new InputError(f, q.from, `${f} ${from} is before ${FIRST_DATE}`, SERIES_FIELDS.from);
    if (to < from) throw new InputError(t, q.to, `${t} ${to} is before ${f} ${from}`, SERIES_FIELDS.to);
    if (to > lastSeriesDate)
      throw new InputError(
        t,
        q.to,
        `${t} ${to} is after ${lastSeriesDate}, a year after the latest revision took effect`,
        `a date from ${from} to ${lastSeriesDate}`,
      );
    return { from, to };
  };

  // The series of a scenario: the baseline's points are those of GET /api/series; the alternative's are evaluated
  // one scenario at a time (each date takes about a second), on the dates where it differs, and the last few are
  // kept, by the scenario's changes.
  const scenarioPoints = lru<Promise<SeriesPoint[]>>(8);
  let evaluating: Promise<unknown> = Promise.resolve();
  const scenarioSeries = async (
    scenario: Scenario,
    alternative: Law,
    q: { from: string; to: string; by?: 'overall' | 'authority' | undefined },
    mode: Mode,
  ) => {
    const { from, to } = seriesRange(q, 'series.');
    const days = daysBetween(from, to) + 1;
    if (days > MAX_SCENARIO_DAYS)
      throw new InputError(
        'series.to',
        q.to,
        `the series from ${from} to ${to} has ${days} days, more than ${MAX_SCENARIO_DAYS}`,
        `a date from ${from} to ${addDays(from, MAX_SCENARIO_DAYS - 1)}`,
      );
    const altDates = changeDates(schedule, alternative, from, to, mode);
    const dates = [...new Set([...changeDates(schedule, law, from, to, mode), ...altDates])].sort() as IsoDate[];
    if (dates.length > MAX_SCENARIO_DATES)
      throw new InputError(
        'series.to',
        q.to,
        `the rates change on ${dates.length} dates from ${from} to ${to} (in the law or the scenario), more than ` +
          `the ${MAX_SCENARIO_DATES} evaluated for one request`,
        `a date from ${from} to ${addDays(dates[MAX_SCENARIO_DATES]!, -1)} (the first ${MAX_SCENARIO_DATES} ` +
          'change dates), or several shorter ranges',
      );
    const key = createHash('sha256')
      .update(JSON.stringify([mode, from, to, scenario.changes]))
      .digest('base64url');
    let alt = scenarioPoints.get(key);
    if (!alt) {
      // Only the dates where the scenario charges differently are evaluated under it; on the others the
      // alternative's point is the baseline's (the baseline does not change between its own change dates).
      alt = evaluating.then(async () => {
        const base = (await seriesPoints(mode, from, to)).points;
        const own = await evaluate(
          alternative,
          mode,
          altDates.filter((d) => lawsDiffer(law, alternative, d, mode)),
        );
        const byDate = new Map(own.map((p) => [p.date, p]));
        let k = 0;
        return altDates.map((d) => {
          while (k + 1 < base.length && base[k + 1]!.date <= d) k++;
          return byDate.get(d) ?? { ...base[k]!, date: d };
        });
      });
      evaluating = alt.catch(() => undefined);
      scenarioPoints.set(key, alt);
      alt.catch(() => scenarioPoints.delete(key));
    }
    const [base, altPoints] = await Promise.all([seriesPoints(mode, from, to), alt]);
    const by = q.by ?? 'overall';
    const rows = scenarioSeriesRows(seriesRows(base.points, to, by), seriesRows(altPoints, to, by));
    return {
      from,
      to,
      by,
      mode,
      weights: weightsForSeries().source,
      evaluated: dates,
      rows: rows.map((r) => ({
        ...r,
        baseline: roundValues(r.baseline),
        alternative: roundValues(r.alternative),
        difference: roundValues(r.difference),
      })),
    };
  };

  /** One country's part of a point (its by-authority rows are that country's; weighted per authority is unknown). */
  const countryPoint = (p: SeriesPoint, i: number): SeriesPoint => {
    const na = SERIES_AUTHORITIES.length;
    return {
      ...p,
      countries: [p.countries[i]!],
      sumAdd: p.sumAdd.subarray(i, i + 1),
      sumTotal: p.sumTotal.subarray(i, i + 1),
      sumAuth: p.sumAuth.subarray(i * na, (i + 1) * na),
      wSum: p.wSum.subarray(i, i + 1),
      wAdd: p.wAdd.subarray(i, i + 1),
      wTotal: p.wTotal.subarray(i, i + 1),
      wAuth: new Float64Array(na),
    };
  };
  const countryAuthorityRows = (points: SeriesPoint[], to: IsoDate, country: string): SeriesRow[] =>
    seriesRows(
      points.map((p) =>
        countryPoint(
          p,
          p.countries.findIndex((c) => c.code === country),
        ),
      ),
      to,
      'authority',
    ).map((r) => ({ ...r, country, weighted_additional_pct: null, weighted_total_pct: null }));

  // ---- example scenarios and revision diffs --------------------------------------------------------------------
  const scenariosDir = opts.scenariosDir ?? join(lawDir(), 'scenarios');
  let examples: z.output<typeof ScenariosAnswer>['scenarios'] | null = null;
  const readExamples = () => {
    if (examples) return examples;
    const files = existsSync(scenariosDir) ? readdirSync(scenariosDir).filter((f) => /\.ya?ml$/.test(f)) : [];
    examples = files.sort().flatMap((file) => {
      const text = readFileSync(join(scenariosDir, file), 'utf8');
      try {
        const s = parseScenario(parseYaml(text), file);
        return [
          {
            file,
            name: s.name,
            ...(s.description ? { description: s.description } : {}),
            changes: s.changes.length,
            text,
          },
        ];
      } catch (err) {
        app.log.warn({ err, file }, 'an example scenario does not parse: left out of GET /api/scenarios');
        return [];
      }
    });
    return examples;
  };
  const revisionIds = schedule.revisions.map((x) => x.id);
  /** The revision named by a query field: 400 when missing, 404 (with the nearest ids) when unknown. */
  const revisionOf = (id: string | undefined, field: 'from' | 'to'): Revision => {
    if (id === undefined || id.trim() === '')
      throw new InputError(field, id ?? '', `${field} is missing`, DIFF_FIELDS[field]);
    try {
      return schedule.revision(id.trim());
    } catch (e) {
      if (!isInputError(e)) throw e;
      throw new NotFoundError(
        field,
        clip(id),
        `${field}: revision "${clip(id)}" is not in the sources`,
        `one of ${revisionIds.join(', ')}`,
        e.suggestions,
      );
    }
  };
  const diffs = lru<RevisionDiff>(8);

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

  // The timelines of the last lines asked (a few KB each): quoting ~80 candidate dates takes ~30 ms.
  const timelines = lru<Timeline>(256);
  r.get(
    '/api/timeline',
    {
      schema: {
        summary: 'one line from one country on every date the law covers: the dates its duty changes, and what changed',
        description:
          'The fields of GET /api/quote but the date. The line is quoted on every candidate change date (where a ' +
          'dated rate, a product list, a country group, a precedence window, an import prohibition, a special ' +
          'program or an HTS revision begins or ends) from 2025-01-01 (or the loading or importation date) on, and ' +
          'the dates whose answer differs from the previous one are listed with the components and the measures ' +
          'that changed. Every other date has the answer of the last point on or before it.',
        querystring: TimelineQuery,
        response: { 200: TimelineAnswer, ...errors },
      },
    },
    async (req, reply) => {
      // The goods cannot be entered before they were loaded or imported: the timeline starts on the later of
      // 2025-01-01 and those dates (malformed ones are named by parseEntry).
      let start = FIRST_DATE;
      for (const d of [req.query.loaded?.trim(), req.query.imported?.trim()])
        if (d !== undefined && isIsoDate(d) && d > start) start = d;
      const { date: _date, ...base } = parseEntry({ ...req.query, date: start }, law);
      cached(req, reply, false);
      const key = JSON.stringify(inputOf({ ...base, date: start }));
      let t = timelines.get(key);
      if (!t) {
        t = lineTimeline(schedule, law, base);
        timelines.set(key, t);
      }
      return answer(TimelineAnswer, t);
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
      const { from, to } = seriesRange(q);
      const mode: Mode = q.mode ?? 'legal';
      let by: SeriesBy = q.by ?? 'overall';
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
        if (q.by === 'overall')
          throw new InputError(
            'country',
            q.country,
            `country is only for by=country or by=authority, not by=${q.by}`,
            SERIES_FIELDS.country,
          );
        by = q.by ?? 'country';
      }
      if (cached(req, reply, past(to))) return reply;
      const { points, evaluated } = await seriesPoints(mode, from, to);
      const rows =
        country === undefined
          ? seriesRows(points, to, by)
          : by === 'authority'
            ? countryAuthorityRows(points, to, country)
            : seriesRows(points, to, by).filter((x) => x.country === country);
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
    '/api/scenario',
    {
      schema: {
        summary: 'an entry line (and optionally the daily series) under the actual law and under a scenario',
        description:
          'The scenario is an overlay on the law (law/scenarios/*.yaml, GET /api/scenarios), as YAML text or JSON. ' +
          'Errors in it name the change and the key (field "scenario.changes[1].add.rate"); errors in the quote ' +
          `name its field ("quote.country"). With series: at most ${MAX_SCENARIO_DAYS} days and ` +
          `${MAX_SCENARIO_DATES} change dates, about a second each the first time; results are kept for the last ` +
          'few scenarios.',
        body: ScenarioBody,
        response: { 200: ScenarioAnswer, ...errors },
      },
    },
    async (req) => {
      const b = req.body;
      const scenario = readScenario(b.scenario);
      const { raw, trace } = under('quote', () => rawOfItem(b.quote));
      const entry = under('quote', () => parseEntry(raw, law));
      const alternative = under('scenario', () => applyScenario(law, scenario));
      const { file: _file, ...run } = under('quote', () =>
        runScenarioQuote(schedule, law, scenario, entry, { trace, alternative }),
      );
      if (!b.series) return answer(ScenarioAnswer, run);
      const series = await scenarioSeries(scenario, alternative, b.series, entry.mode);
      return answer(ScenarioAnswer, { ...run, series });
    },
  );

  r.get(
    '/api/scenarios',
    {
      schema: {
        summary: 'the example scenarios of law/scenarios: file, name, description and YAML text',
        response: { 200: ScenariosAnswer },
      },
    },
    async () => ({ scenarios: readExamples() }),
  );

  r.get(
    '/api/revisions',
    {
      schema: {
        summary: 'the HTS revisions of the sources, oldest first, with their publication and effective dates',
        response: { 200: RevisionsAnswer },
      },
    },
    async () => ({
      revisions: schedule.revisions.map((x) => ({ id: x.id, published: x.published, effective: x.effective })),
      latest: latest.id,
    }),
  );

  r.get(
    '/api/diff',
    {
      schema: {
        summary: 'what changed between two revisions: lines and Chapter 99 headings added, removed, re-rated',
        description:
          'As `tariff diff FROM TO --json`. An unknown revision is 404 naming the field, with the accepted ids. ' +
          'Answers carry an ETag: they cannot change for these sources.',
        querystring: DiffQuery,
        response: { 200: DiffAnswer, ...errors },
      },
    },
    async (req, reply) => {
      const a = revisionOf(req.query.from, 'from');
      const b = revisionOf(req.query.to, 'to');
      if (cached(req, reply, true)) return reply;
      const key = `${a.id} ${b.id}`;
      let d = diffs.get(key);
      if (!d) {
        d = diffRevisions(schedule, a, b);
        diffs.set(key, d);
      }
      return answer(DiffAnswer, d);
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
