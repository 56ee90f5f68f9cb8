// The zod schemas of the HTTP API: they validate requests and generate the OpenAPI document (/openapi.json).
// Query and item fields stay text, as on the command line: the engine's parseEntry reads them, so the API accepts
// exactly what the CLI accepts and names the field with the same messages.
import { z } from 'zod';

/** The longest text accepted in one field: far above any real code, date or amount. */
export const MAX_FIELD = 500;

const field = (description: string) => z.string().max(MAX_FIELD).describe(description);

export const QUOTE_FIELDS = {
  hts: 'HTS number of the line: 6109.10.0012, 6109.10.00.12 or 6109100012 (8 digits resolve to their line)',
  country: 'country of origin, ISO 3166-1 alpha-2 (CN, JP, DE; EU members by their own code)',
  date: 'date of entry for consumption, YYYY-MM-DD (from 2025-01-01)',
  value: 'customs value in US dollars, e.g. 1000, 1,000.00 or $1000',
  quantity: 'quantity in the unit of the specific rate (1000), or per unit (liter=1000,pf.liter=400)',
  program: 'special program claimed, e.g. S (USMCA), AU, KR',
  loaded: 'date the goods were loaded for export to the US (in-transit rules), YYYY-MM-DD',
  imported: 'date the goods arrived in the US when before the entry date (import prohibitions), YYYY-MM-DD',
  quota: 'tariff-rate quota tier: in (within the in-quota quantity) or over (the default, stated in a note)',
  content: 'metal content shares of the value: steel=0.4;aluminum=0.1;copper=1;us=0.3',
  claim: 'exemptions claimed, e.g. donation, civil-aircraft, us-melted-steel',
  mode: 'legal (the law as amended, the default) or as-published (what the HTS said that day)',
  id: 'an identifier echoed in the answer',
} as const;

export type QuoteField = keyof typeof QUOTE_FIELDS;

export const SERIES_FIELDS = {
  from: 'the first day, YYYY-MM-DD (from 2025-01-01)',
  to: 'the last day, YYYY-MM-DD (from `from` up to a year after the latest revision took effect)',
  by: 'overall (one row a day, the default), country (one row per country a day) or authority (each authority’s part)',
  mode: 'legal (the law as amended, the default) or as-published (what the HTS said that day)',
  country:
    'only this country of origin, ISO 3166-1 alpha-2: with by=country (the default when a country is given) the ' +
    'country’s rows; with by=authority each authority’s part of its mean rates (weighted columns null)',
} as const;

/** The longest scenario text accepted (the examples are under 2 KB). */
export const MAX_SCENARIO = 64 * 1024;
/** A series of POST /api/scenario covers at most this many days and evaluates at most this many change dates. */
export const MAX_SCENARIO_DAYS = 400;
export const MAX_SCENARIO_DATES = 40;

export const SCENARIO_FIELDS = {
  scenario:
    'a scenario as in law/scenarios/*.yaml (see GET /api/scenarios): its YAML text, or the same document as a JSON ' +
    'object {name, description, changes: [{end: {...}} | {add: {...}} | {set: {...}}]}',
  quote:
    'the entry line, as the fields of GET /api/quote: {hts, country, date} and optionally value, quantity, program, ' +
    'loaded, imported, quota, content, claim, mode',
  series:
    `optional: {from, to, by: overall|authority}: the daily series of both laws, at most ${MAX_SCENARIO_DAYS} days ` +
    `and ${MAX_SCENARIO_DATES} change dates`,
} as const;
/** What each request field accepts, for validation errors raised before the engine sees the field. */
export const ACCEPTED: Record<string, string> = {
  ...QUOTE_FIELDS,
  trace: 'true or false (also 1 or 0)',
  code: 'an HTS number of 4, 6, 8 or 10 digits, e.g. 6109.10.0012',
  revision: 'a revision id, e.g. 2025_rev_9 (see GET /api/health)',
  q: 'one or more words, e.g. "cotton t-shirts"',
  chapter: 'a chapter number, 1 to 99',
  limit: 'a whole number from 1 to 1000',
  body: 'see the request body schema in /openapi.json',
  from: SERIES_FIELDS.from,
  to: SERIES_FIELDS.to,
  by: SERIES_FIELDS.by,
  scenario: SCENARIO_FIELDS.scenario,
  quote: SCENARIO_FIELDS.quote,
  series: SCENARIO_FIELDS.series,
};

const trace = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .describe('true: list every candidate measure and why it did or did not apply');

export const QuoteQuery = z.object({
  hts: field(QUOTE_FIELDS.hts),
  country: field(QUOTE_FIELDS.country),
  date: field(QUOTE_FIELDS.date),
  value: field(QUOTE_FIELDS.value).optional(),
  quantity: field(QUOTE_FIELDS.quantity).optional(),
  program: field(QUOTE_FIELDS.program).optional(),
  loaded: field(QUOTE_FIELDS.loaded).optional(),
  imported: field(QUOTE_FIELDS.imported).optional(),
  quota: field(QUOTE_FIELDS.quota).optional(),
  content: field(QUOTE_FIELDS.content).optional(),
  claim: field(QUOTE_FIELDS.claim).optional(),
  mode: z.enum(['legal', 'as-published']).optional().describe(QUOTE_FIELDS.mode),
  trace,
});

/** GET /api/timeline: the fields of a quote but the date (every date the law covers) and the trace. */
export const TimelineQuery = QuoteQuery.omit({ date: true, trace: true });

const TimelineSide = z.object({
  heading: z.string().nullable(),
  rateText: z.string(),
  adValorem: z.number().nullable(),
});

export const TimelineAnswer = z
  .looseObject({
    hts: z.string(),
    country: z.string(),
    mode: z.enum(['legal', 'as-published']),
    line: z.object({ hts: z.string(), description: z.string() }),
    from: z.string().describe('the first date: 2025-01-01, or the loading or importation date when later'),
    last: z.string().describe('the last candidate change date of the law: nothing changes after it'),
    evaluated: z.number().describe('how many candidate change dates were quoted'),
    points: z.array(
      z
        .looseObject({
          date: z.string().describe('the first day of this answer'),
          to: z.string().optional().describe('the next point’s date (exclusive); absent on the last point'),
          kind: z.enum(['quote', 'no-rate', 'conflict', 'prohibited', 'no-line']),
          revision: z.string(),
          total: z.number().nullable().describe('total ad valorem percent; null when unknown or no duty applies'),
          additional: z.number().nullable().describe('the Chapter 99 part of the total'),
          totalDuty: z.string().nullable(),
          components: z.array(
            z.looseObject({
              authority: z.string(),
              heading: z.string().nullable(),
              rateText: z.string(),
              adValorem: z.number().nullable(),
              program: z.string().optional(),
              programTitle: z.string().optional(),
            }),
          ),
          changes: z
            .array(
              z.looseObject({
                authority: z.string(),
                program: z.string().optional(),
                name: z.string(),
                from: TimelineSide.optional(),
                to: TimelineSide.optional(),
                label: z.string(),
              }),
            )
            .describe('the measures whose part changed from the previous point (on the first: what applies)'),
          label: z.string().describe('the changes in words'),
          rateChanged: z
            .boolean()
            .describe(
              'the duty (total, additional part or kind) differs from the previous point’s; else only headings',
            ),
          prohibition: z
            .looseObject({ authority: z.string(), heading: z.string().nullable(), title: z.string(), from: z.string() })
            .optional(),
          reason: z.string().optional(),
        })
        .describe('the answer from `date` until `to`'),
    ),
  })
  .meta({ id: 'Timeline' });

export const CompareOriginsQuery = z.object({
  hts: field(QUOTE_FIELDS.hts),
  date: field(QUOTE_FIELDS.date),
  value: field(QUOTE_FIELDS.value).optional(),
  quantity: field(QUOTE_FIELDS.quantity).optional(),
  mode: z.enum(['legal', 'as-published']).optional().describe(QUOTE_FIELDS.mode),
});

export const CompareOriginsAnswer = z
  .looseObject({
    hts: z.string(),
    date: z.string(),
    revision: z.string(),
    description: z.string(),
    rows: z.array(
      z.looseObject({
        rank: z.number(),
        countries: z.array(z.object({ code: z.string(), name: z.string() })),
        totalAdValorem: z.number().nullable(),
        totalDuty: z.string().nullable(),
        components: z.array(
          z.looseObject({
            authority: z.string(),
            heading: z.string().nullable(),
            adValorem: z.number().nullable(),
            rateText: z.string(),
          }),
        ),
      }),
    ),
    notes: z.array(z.string()),
  })
  .meta({ id: 'OriginComparison' });

const textOrNumber = (d: string) => z.union([z.string(), z.number()]).nullable().optional().describe(d);

/** One item of a batch, as documented. Items are read one by one, so that a bad item fails alone. */
export const QuoteItem = z
  .object({
    hts: z.union([z.string(), z.number()]).describe(QUOTE_FIELDS.hts),
    country: z.string().describe(QUOTE_FIELDS.country),
    date: z.string().describe(QUOTE_FIELDS.date),
    value: textOrNumber(QUOTE_FIELDS.value),
    quantity: textOrNumber(QUOTE_FIELDS.quantity),
    program: textOrNumber(QUOTE_FIELDS.program),
    loaded: textOrNumber(QUOTE_FIELDS.loaded),
    imported: textOrNumber(QUOTE_FIELDS.imported),
    quota: textOrNumber(QUOTE_FIELDS.quota),
    content: textOrNumber(QUOTE_FIELDS.content),
    claim: textOrNumber(QUOTE_FIELDS.claim),
    mode: textOrNumber(QUOTE_FIELDS.mode),
    id: textOrNumber(QUOTE_FIELDS.id),
    trace: z.boolean().optional().describe('list every candidate measure and why'),
  })
  .meta({ id: 'QuoteItem' });

export const MAX_BATCH = 10_000;

export const QuoteBatch = z
  .array(z.union([QuoteItem, z.unknown()]))
  .max(MAX_BATCH)
  .describe(
    `up to ${MAX_BATCH.toLocaleString('en-US')} QuoteItem objects; the answer has one result per item, in order ` +
      '(a Quote, or {index, id, status, error} for a bad item)',
  );

export const ErrorBody = z
  .object({
    error: z.looseObject({
      field: z.string().optional(),
      value: z.unknown().optional(),
      message: z.string(),
      accepted: z.string().optional(),
      suggestions: z.array(z.string()).optional(),
    }),
  })
  .meta({ id: 'Error' });

const Component = z.looseObject({
  authority: z.string(),
  heading: z.string().nullable(),
  rateText: z.string(),
  adValorem: z.number().nullable(),
  duty: z.string().nullable(),
  citation: z.string(),
});

export const QuoteAnswer = z
  .looseObject({
    kind: z.enum(['quote', 'no-rate', 'conflict', 'prohibited']),
    input: z.record(z.string(), z.unknown()),
    revision: z.string(),
    line: z.object({ hts: z.string(), description: z.string() }),
    components: z.array(Component).optional(),
    totalAdValorem: z.number().nullable().optional(),
    totalDuty: z.string().nullable().optional(),
    reason: z.string().optional(),
    prohibition: z
      .looseObject({
        authority: z.string(),
        heading: z.string().nullable(),
        title: z.string(),
        citation: z.string(),
        from: z.string(),
      })
      .optional()
      .describe('kind prohibited: the goods may not be entered (no duty is given); the measure and its citation'),
    notes: z.array(z.string()),
  })
  .meta({ id: 'Quote' });

export const BatchResult = z.array(
  z.union([
    QuoteAnswer,
    z.object({
      index: z.number(),
      id: z.unknown().optional(),
      status: z.number(),
      error: ErrorBody.shape.error,
    }),
  ]),
);

export const HtsParams = z.object({ code: z.string().max(64).describe(ACCEPTED.code!) });
export const HtsQuery = z.object({
  date: z.string().max(64).optional().describe('the revision in force on this date (YYYY-MM-DD); default: the latest'),
  revision: z.string().max(64).optional().describe(ACCEPTED.revision!),
});

export const HtsAnswer = z
  .looseObject({
    hts: z.string(),
    revision: z.string(),
    description: z.string(),
    path: z.array(z.string()),
    units: z.array(z.string()),
    chapter99: z.array(z.string()),
    changes: z.array(z.unknown()),
  })
  .meta({ id: 'HtsLine' });

export const SearchQuery = z.object({
  q: z.string().max(MAX_FIELD).describe(ACCEPTED.q!),
  date: z.string().max(64).optional().describe('search the revision in force on this date; default: the latest'),
  revision: z.string().max(64).optional().describe(ACCEPTED.revision!),
  chapter: z.string().max(8).optional().describe(ACCEPTED.chapter!),
  limit: z.string().max(8).optional().describe('at most this many lines (default 20, up to 1000)'),
});

export const SearchAnswer = z
  .looseObject({
    query: z.string(),
    revision: z.string(),
    partial: z.boolean(),
    total: z.number(),
    hits: z.array(
      z.looseObject({
        hts: z.string(),
        description: z.string(),
        path: z.array(z.string()),
        general: z.string(),
        score: z.number(),
      }),
    ),
  })
  .meta({ id: 'SearchAnswer' });

export const ENTRY_COLUMNS = [
  'entry',
  'line',
  'date',
  'hts',
  'country',
  'value',
  'quantity',
  'program',
  'loaded',
  'imported',
  'quota',
  'content',
  'claim',
  'transport',
] as const;

const cell = z.union([z.string().max(MAX_FIELD), z.number(), z.null()]).optional();
export const EntryLine = z
  .object(
    Object.fromEntries(ENTRY_COLUMNS.map((c) => [c, cell])) as Record<(typeof ENTRY_COLUMNS)[number], typeof cell>,
  )
  .meta({ id: 'EntryLine' });

export const EntriesBody = z
  .union([z.string(), z.array(EntryLine)])
  .describe(
    'text/csv: a CSV with a header naming entry,line,date,hts,country,value and optionally ' +
      'quantity,program,loaded,imported,quota,content,claim,transport; or application/json: an array of EntryLine objects',
  );

export const EntriesAnswer = z
  .looseObject({
    counts: z.object({ lines: z.number(), ok: z.number(), errors: z.number(), prohibited: z.number() }),
    entries: z.array(z.looseObject({ entry: z.string() })),
    totals: z.looseObject({ entries: z.number() }),
    notes: z.array(z.string()),
    lines: z.array(z.record(z.string(), z.string())),
  })
  .meta({ id: 'EntriesAnswer' });

export const HealthAnswer = z.object({
  status: z.literal('ok'),
  sourcesKey: z.string(),
  revisions: z.array(z.object({ id: z.string(), published: z.string(), effective: z.string() })),
  latest: z.object({ id: z.string(), published: z.string(), effective: z.string() }),
});

export const SeriesQuery = z.object({
  from: z.string().max(64).describe(SERIES_FIELDS.from),
  to: z.string().max(64).describe(SERIES_FIELDS.to),
  by: z.enum(['overall', 'country', 'authority']).optional().describe(SERIES_FIELDS.by),
  mode: z.enum(['legal', 'as-published']).optional().describe(SERIES_FIELDS.mode),
  country: z.string().max(64).optional().describe(SERIES_FIELDS.country),
});

export const SeriesAnswer = z
  .looseObject({
    from: z.string(),
    to: z.string(),
    by: z.enum(['overall', 'country', 'authority']),
    mode: z.enum(['legal', 'as-published']),
    weights: z.string().nullable(),
    evaluated: z.array(z.string()),
    rows: z.array(
      z.looseObject({
        date: z.string(),
        revision: z.string(),
        country: z.string().optional(),
        authority: z.string().optional(),
        pairs: z.number(),
        mean_additional_pct: z.number(),
        mean_total_pct: z.number(),
        weighted_additional_pct: z.number().nullable(),
        weighted_total_pct: z.number().nullable(),
      }),
    ),
  })
  .meta({ id: 'SeriesAnswer' });

const SeriesValues = z.object({
  mean_additional_pct: z.number(),
  mean_total_pct: z.number(),
  weighted_additional_pct: z.number().nullable(),
  weighted_total_pct: z.number().nullable(),
});

export const ScenarioSeries = z
  .object({
    from: z.string().max(64).describe(SERIES_FIELDS.from),
    to: z
      .string()
      .max(64)
      .describe(`${SERIES_FIELDS.to}; at most ${MAX_SCENARIO_DAYS} days and ${MAX_SCENARIO_DATES} change dates`),
    by: z
      .enum(['overall', 'authority'])
      .optional()
      .describe('overall (one row a day, the default) or authority (each authority’s part)'),
  })
  .describe(SCENARIO_FIELDS.series);

export const ScenarioBody = z
  .object({
    scenario: z
      .union([z.string().max(MAX_SCENARIO), z.record(z.string(), z.unknown())])
      .describe(SCENARIO_FIELDS.scenario),
    quote: QuoteItem,
    series: ScenarioSeries.optional(),
  })
  .meta({ id: 'ScenarioRequest' });

export const ScenarioAnswer = z
  .looseObject({
    name: z.string(),
    description: z.string().optional(),
    baseline: QuoteAnswer,
    alternative: QuoteAnswer,
    difference: z
      .object({ totalAdValorem: z.number().nullable(), totalDuty: z.string().nullable() })
      .describe('alternative minus baseline (percentage points and dollars); null where either has no total'),
    series: z
      .object({
        from: z.string(),
        to: z.string(),
        by: z.enum(['overall', 'authority']),
        mode: z.enum(['legal', 'as-published']),
        weights: z.string().nullable(),
        evaluated: z.array(z.string()).describe('the change dates of either law in the range (evaluated)'),
        rows: z.array(
          z.object({
            date: z.string(),
            revision: z.string(),
            authority: z.string().optional(),
            pairs: z.number(),
            baseline: SeriesValues,
            alternative: SeriesValues,
            difference: SeriesValues.describe('alternative minus baseline (percentage points)'),
          }),
        ),
      })
      .optional()
      .describe('with `series` in the request: one row a day (and authority), the mode of the quote'),
  })
  .meta({ id: 'ScenarioRun' });

export const ScenariosAnswer = z
  .object({
    scenarios: z.array(
      z.object({
        file: z.string().describe('the file name in law/scenarios/'),
        name: z.string(),
        description: z.string().optional(),
        changes: z.number().describe('how many changes it makes'),
        text: z.string().describe('the YAML text, as POST /api/scenario takes it'),
      }),
    ),
  })
  .meta({ id: 'ScenarioExamples' });

const RevisionDates = z.object({ id: z.string(), published: z.string(), effective: z.string() });

export const RevisionsAnswer = z
  .object({ revisions: z.array(RevisionDates), latest: z.string() })
  .meta({ id: 'Revisions' });

export const DIFF_FIELDS = {
  from: 'the older revision id, e.g. 2025_rev_8 (see GET /api/revisions)',
  to: 'the newer revision id, e.g. 2025_rev_9',
} as const;

export const DiffQuery = z.object({
  from: z.string().max(64).optional().describe(DIFF_FIELDS.from),
  to: z.string().max(64).optional().describe(DIFF_FIELDS.to),
});

const ListedLine = z.looseObject({ hts: z.string(), description: z.string(), general: z.string() });
const Change = z.object({ from: z.string(), to: z.string() });
const HeadingChange = z.looseObject({
  hts: z.string(),
  description: z.string(),
  general: Change.optional(),
  special: Change.optional(),
  descriptionChanged: Change.optional(),
});
const DiffSide = z.object({ revision: z.string(), published: z.string(), effective: z.string() });

export const DiffAnswer = z
  .looseObject({
    from: DiffSide,
    to: DiffSide,
    lines: z.object({
      added: z.array(ListedLine),
      removed: z.array(ListedLine),
      rerated: z.array(
        z.looseObject({
          hts: z.string(),
          description: z.string(),
          changes: z.array(
            z.object({ field: z.enum(['general', 'special', 'other']), from: z.string(), to: z.string() }),
          ),
        }),
      ),
      described: z.number().describe('lines whose description changed (not listed)'),
    }),
    chapter99: z.object({
      added: z.array(ListedLine),
      removed: z.array(ListedLine),
      rerated: z.array(HeadingChange),
      reworded: z.array(HeadingChange),
    }),
  })
  .meta({ id: 'RevisionDiff' });
