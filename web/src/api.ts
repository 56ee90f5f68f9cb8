// The API client: every call returns the parsed JSON or throws an ApiError carrying the server's
// {"error": {"field", "message", "accepted", "suggestions"}}.

export interface ErrorInfo {
  field?: string;
  value?: unknown;
  message: string;
  accepted?: string;
  suggestions?: string[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly info: ErrorInfo,
  ) {
    super(info.message);
  }
}

export interface Component {
  authority: string;
  heading: string | null;
  rateText: string;
  adValorem: number | null;
  duty: string | null;
  citation: string;
  url?: string;
  title?: string;
  measureId?: string;
}

export interface TraceStep {
  measureId: string;
  heading: string;
  authority: string;
  applied: boolean;
  reason?: string;
  detail: string;
}

export interface Prohibition {
  authority: string;
  heading: string | null;
  title: string;
  citation: string;
  url?: string;
  from: string;
}

export interface Quote {
  kind: 'quote' | 'no-rate' | 'conflict' | 'prohibited';
  /** kind prohibited: the goods may not be entered; no duty is given. */
  prohibition?: Prohibition;
  input: Record<string, unknown>;
  revision: string;
  line: { hts: string; description: string };
  components?: Component[];
  totalAdValorem?: number | null;
  totalDuty?: string | null;
  reason?: string;
  notes: string[];
  trace?: TraceStep[];
}

export interface BatchError {
  index: number;
  status: number;
  error: ErrorInfo;
}

export interface Rate {
  text: string;
  programs?: string[];
}

export interface HtsLine {
  hts: string;
  revision: string;
  description: string;
  path: string[];
  pathCodes?: (string | null)[];
  units: string[];
  isLine?: boolean;
  general?: Rate | null;
  special?: Rate[];
  other?: Rate | null;
  rateSource?: string | null;
  chapter99: string[];
  footnotes?: { columns?: string[]; value: string }[];
  changes: { revision?: string; field?: string; from?: string; to?: string }[];
  lines?: { hts: string; description: string; general: string | null; units?: string[] }[];
  revisionDates?: { published: string; effective: string };
  notes?: string[];
}

export interface SearchHit {
  hts: string;
  description: string;
  path: string[];
  general: string;
  score: number;
}

export interface SearchAnswer {
  query: string;
  revision: string;
  total: number;
  hits: SearchHit[];
}

export interface EntrySummary {
  entry: string;
  date?: string;
  lines: number;
  errors?: number;
  value?: string;
  duty?: string;
  mpf?: string;
  hmf?: string;
  ieepaPaid?: string;
  refund?: string;
}

export interface EntriesAnswer {
  counts: { lines: number; ok: number; errors: number };
  entries: EntrySummary[];
  totals: Record<string, unknown> & { entries: number };
  notes: string[];
  lines: Record<string, string>[];
}

export interface OriginRow {
  rank: number;
  countries: { code: string; name: string }[];
  totalAdValorem: number | null;
  totalDuty: string | null;
  components: { authority: string; heading: string | null; adValorem: number | null; rateText: string }[];
}

export interface OriginComparison {
  hts: string;
  date: string;
  revision: string;
  description: string;
  rows: OriginRow[];
  notes: string[];
}

export type SeriesBy = 'overall' | 'authority' | 'country';

export interface SeriesRow {
  date: string;
  revision: string;
  country?: string;
  authority?: string;
  pairs: number;
  mean_additional_pct: number;
  mean_total_pct: number;
  weighted_additional_pct: number | null;
  weighted_total_pct: number | null;
}

export interface SeriesAnswer {
  from: string;
  to: string;
  by: SeriesBy;
  country?: string;
  weights: string | null;
  evaluated: string[];
  rows: SeriesRow[];
}

export interface SeriesValues {
  mean_additional_pct: number;
  mean_total_pct: number;
  weighted_additional_pct: number | null;
  weighted_total_pct: number | null;
}

export interface ScenarioRun {
  name: string;
  description?: string;
  baseline: Quote;
  alternative: Quote;
  difference: { totalAdValorem: number | null; totalDuty: string | null };
  series?: {
    from: string;
    to: string;
    by: 'overall' | 'authority';
    weights: string | null;
    evaluated: string[];
    rows: {
      date: string;
      revision: string;
      authority?: string;
      baseline: SeriesValues;
      alternative: SeriesValues;
      difference: SeriesValues;
    }[];
  };
}

export interface ScenarioExample {
  file: string;
  name: string;
  description?: string;
  changes: number;
  text: string;
}

export interface RevisionInfo {
  id: string;
  published: string;
  effective: string;
}

export interface ListedLine {
  hts: string;
  description: string;
  general: string;
}

export interface HeadingChange {
  hts: string;
  description: string;
  general?: { from: string; to: string };
  special?: { from: string; to: string };
  descriptionChanged?: { from: string; to: string };
}

export interface RevisionDiff {
  from: { revision: string; published: string; effective: string };
  to: { revision: string; published: string; effective: string };
  lines: {
    added: ListedLine[];
    removed: ListedLine[];
    rerated: { hts: string; description: string; changes: { field: string; from: string; to: string }[] }[];
    described: number;
  };
  chapter99: { added: ListedLine[]; removed: ListedLine[]; rerated: HeadingChange[]; reworded: HeadingChange[] };
}

/** A measure's part of the answer on one side of a change point. */
export interface TimelineSide {
  heading: string | null;
  rateText: string;
  adValorem: number | null;
}

export interface TimelinePoint {
  /** The first day of this answer; it holds until `to` (exclusive), or on after the last point. */
  date: string;
  to?: string;
  kind: 'quote' | 'no-rate' | 'conflict' | 'prohibited' | 'no-line';
  revision: string;
  total: number | null;
  additional: number | null;
  totalDuty: string | null;
  components: (TimelineSide & { authority: string; program?: string; programTitle?: string })[];
  /** The measures whose part changed from the previous point (on the first point: what applies). */
  changes: {
    authority: string;
    program?: string;
    name: string;
    from?: TimelineSide;
    to?: TimelineSide;
    label: string;
  }[];
  label: string;
  /** The total differs from the previous point's (else only the headings reported changed). */
  rateChanged: boolean;
  prohibition?: { authority: string; heading: string | null; title: string; from: string };
  reason?: string;
}

export interface Timeline {
  hts: string;
  country: string;
  line: { hts: string; description: string };
  from: string;
  /** The last change date of the law (checked): nothing changes after it. */
  last: string;
  evaluated: number;
  points: TimelinePoint[];
}

async function call<T>(url: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers: { accept: 'application/json', ...init?.headers } });
  } catch (e) {
    throw new ApiError(0, { message: `the server cannot be reached (${(e as Error).message})` });
  }
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON: handled below
  }
  if (!res.ok) {
    const info = (body as { error?: ErrorInfo } | null)?.error;
    throw new ApiError(res.status, info ?? { message: `the server answered ${res.status} ${res.statusText}` });
  }
  return body as T;
}

const qs = (params: Record<string, string | undefined>) => {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') u.set(k, v);
  return u.toString();
};

export const QUOTE_FIELDS = [
  'hts',
  'country',
  'date',
  'value',
  'quantity',
  'program',
  'loaded',
  'imported',
  'quota',
  'content',
  'claim',
  'mode',
] as const;
export type QuoteFields = Partial<Record<(typeof QUOTE_FIELDS)[number], string>>;

export const api = {
  quote: (f: QuoteFields, signal?: AbortSignal) => call<Quote>(`/api/quote?${qs({ ...f, trace: 'true' })}`, { signal }),
  quotes: (items: (QuoteFields & { id?: string })[], signal?: AbortSignal) =>
    call<(Quote | BatchError)[]>('/api/quote', {
      method: 'POST',
      body: JSON.stringify(items),
      headers: { 'content-type': 'application/json' },
      signal,
    }),
  /** The dates the line's duty from the country changes (every date the law covers), with what changed. */
  timeline: (f: Omit<QuoteFields, 'date'>, signal?: AbortSignal) =>
    call<Timeline>(`/api/timeline?${qs(f)}`, { signal }),
  compareOrigins: (f: { hts: string; date: string; value?: string }, signal?: AbortSignal) =>
    call<OriginComparison>(`/api/compare-origins?${qs(f)}`, { signal }),
  hts: (code: string, at: { date?: string; revision?: string }, signal?: AbortSignal) =>
    call<HtsLine>(`/api/hts/${encodeURIComponent(code)}?${qs(at)}`, { signal }),
  search: (q: string, limit = 10, signal?: AbortSignal) =>
    call<SearchAnswer>(`/api/search?${qs({ q, limit: String(limit) })}`, { signal }),
  series: (f: { from: string; to: string; by: SeriesBy; country?: string | undefined }, signal?: AbortSignal) =>
    call<SeriesAnswer>(`/api/series?${qs(f)}`, { signal }),
  scenarios: (signal?: AbortSignal) => call<{ scenarios: ScenarioExample[] }>('/api/scenarios', { signal }),
  scenario: (
    body: { scenario: string; quote: QuoteFields; series?: { from: string; to: string } },
    signal?: AbortSignal,
  ) =>
    call<ScenarioRun>('/api/scenario', {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
      signal,
    }),
  revisions: (signal?: AbortSignal) =>
    call<{ revisions: RevisionInfo[]; latest: string }>('/api/revisions', { signal }),
  diff: (from: string, to: string, signal?: AbortSignal) =>
    call<RevisionDiff>(`/api/diff?${qs({ from, to })}`, { signal }),
  entries: (csv: string, signal?: AbortSignal) =>
    call<EntriesAnswer>('/api/entries', {
      method: 'POST',
      body: csv,
      headers: { 'content-type': 'text/csv' },
      signal,
    }),
};

export function isBatchError(x: Quote | BatchError): x is BatchError {
  return 'error' in x && 'index' in x;
}
