// The `tariff` command line: thin adapters over the layers below (sources, schedule, core).
// Heavy modules are imported by each command's action, so `--help` and small commands start fast.
import { Command, CommanderError, Option } from 'commander';
import { fail, EXIT_BAD_INPUT } from './io.js';
import type { GlobalOptions } from './context.js';

// Output piped into a reader that stops early (`| head`): end quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const program = new Command();
program
  .name('tariff')
  .description(
    'US import tariffs, exactly: the official HTS of every 2025-2026 revision and the measures on top of it.',
  )
  .option(
    '--sources <dir>',
    'sources directory (default: ../shared/data when present, else $TARIFF_SOURCES, else ~/.cache/tariff/sources)',
  )
  .option('--cache <dir>', 'cache directory for the compiled index (default: $TARIFF_CACHE, else ~/.cache/tariff)')
  .option('--json', 'exact JSON output for programs')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

type Opts = GlobalOptions & Record<string, string | boolean | undefined>;

/** Runs an action with the merged options and maps failures to exit codes. */
function action<A extends unknown[]>(fn: (opts: Opts, ...args: A) => Promise<void> | void) {
  return async (...all: unknown[]) => {
    const cmd = all[all.length - 1] as Command;
    const opts = cmd.optsWithGlobals() as Opts;
    try {
      await fn(opts, ...(all.slice(0, -2) as A));
    } catch (e) {
      fail(e, Boolean(opts.json));
    }
  };
}

/** The fields of one entry line, shared by every command that quotes one (`required`: hts, country and date). */
function withEntryOptions(cmd: Command, required: boolean): Command {
  const opt = (flags: string, text: string) => (required ? cmd.requiredOption(flags, text) : cmd.option(flags, text));
  opt('--hts <code>', 'HTS number of the line, e.g. 6109.10.0012');
  opt('--country <cc>', 'country of origin, ISO 3166-1 alpha-2 (CN, JP, DE; EU members by their own code)');
  opt('--date <date>', 'date of entry for consumption, YYYY-MM-DD (from 2025-01-01)');
  return cmd
    .option('--value <usd>', 'customs value in US dollars')
    .option('--quantity <q>', 'quantity in the unit of the specific rate (1000), or per unit (liter=1000)')
    .option('--program <code>', 'special program claimed, e.g. S (USMCA), AU, KR')
    .option('--loaded <date>', 'date the goods were loaded for export to the US (in-transit rules)')
    .option('--imported <date>', 'date the goods arrived in the US, if before the entry date (import prohibitions)')
    .option('--quota <tier>', 'tariff-rate quota tier: in (within the in-quota quantity) or over (the default)')
    .option('--content <shares>', 'shares of the value: steel=0.4;aluminum=0.1;copper=1;us=0.3')
    .option(
      '--claim <codes>',
      'exemptions claimed, e.g. donation, civil-aircraft, us-melted-steel (see law/claims.yaml)',
    )
    .addOption(
      new Option(
        '--mode <mode>',
        'legal: the law as amended (default); as-published: what the HTS said that day',
      ).choices(['legal', 'as-published']),
    );
}

/** The options of a series (tariff series, and scenario run/compare with --from/--to). */
function withSeriesOptions(cmd: Command): Command {
  // The entry options of scenario commands have --mode already.
  if (!cmd.options.some((o) => o.long === '--mode'))
    cmd.addOption(new Option('--mode <mode>', 'legal (default) or as-published').choices(['legal', 'as-published']));
  return cmd
    .addOption(
      new Option('--by <by>', 'overall (default), country or authority').choices(['overall', 'country', 'authority']),
    )
    .addOption(new Option('--format <format>', 'csv (default) or json').choices(['csv', 'json']))
    .option('--output <file>', 'file to write (default stdout)')
    .option(
      '--weights <file>',
      'CSV hs10,country,value (ISO or Census country code) replacing the default 2024 import weights',
    )
    .option('--jobs <n>', 'threads evaluating dates (default: 2, or 1 on a single core)')
    .addOption(
      new Option(
        '--usmca <how>',
        'utilization (default): Canadian and Mexican lines claim USMCA in the share of their 2025 imports that did; statutory: no claim',
      ).choices(['utilization', 'statutory']),
    )
    .addOption(
      new Option(
        '--metal-content <how>',
        'bea (default): lines declare the BEA steel, aluminum and copper shares; none: no metal content declared',
      ).choices(['bea', 'none']),
    )
    .addOption(
      new Option(
        '--universe <which>',
        "tariff (default): chapters 1-97 x countries with a Census code but the US; yale: the Yale Budget Lab's pairs, chapters 1-98 x the 240 Census codes",
      ).choices(['tariff', 'yale']),
    )
    .option('--chart <file>', 'also draw the series as a chart into FILE.svg')
    .option(
      '--recompute',
      'evaluate every date anew (and keep the new points) instead of reusing the points kept in the cache directory',
    );
}

async function context(opts: Opts) {
  const { loadContext } = await import('./context.js');
  return loadContext(opts);
}

program
  .command('hts')
  .description(
    'one line of the schedule: description path, units, rates as printed and parsed, footnotes, Chapter 99 references, changes across revisions',
  )
  .argument(
    '<code>',
    'HTS number: 6109.10.0012, 6109.10.00.12 or 6109100012 (4, 6 and 8 digits list the lines under them)',
  )
  .option('--date <date>', 'the revision in force on this date (YYYY-MM-DD); default: the latest')
  .option('--revision <id>', 'a revision id, e.g. 2025_rev_9 (see `tariff sources`)')
  .action(
    action(async (opts, code: string) => {
      const { runHts } = await import('./commands/hts.js');
      runHts(await context(opts), code, opts);
    }),
  );

program
  .command('search')
  .description("full-text search over descriptions; every word of a line's description path counts; ranked")
  .argument('<text...>', 'words to find, e.g. cotton t-shirts men')
  .option('--date <date>', 'search the revision in force on this date; default: the latest')
  .option('--revision <id>', 'search this revision')
  .option('--chapter <n>', 'only lines of this chapter (1-99)')
  .option('--limit <n>', 'at most this many lines (default 20)')
  .action(
    action(async (opts, text: string[]) => {
      const { runSearch } = await import('./commands/search.js');
      runSearch(await context(opts), text.join(' '), opts);
    }),
  );

program
  .command('rate')
  .description('parse and evaluate one rate as printed in any column of the HTS, exactly')
  .argument('[expr]', 'e.g. "0.8¢/kg + 2%", "Free (A+,AU,...)", "The duty provided in the applicable subheading + 25%"')
  .option('--value <usd>', 'customs value in US dollars, e.g. 1000 or 1,000.00')
  .option('--quantity <q>', 'quantity in the unit of the rate (1000), or per unit (liter=1000,pf.liter=400)')
  .option(
    '--program <code>',
    'special program claimed, for a rate of the special column (e.g. S+): its group is evaluated',
  )
  .option('--input <file>', 'read one expression per line ("-" for stdin) and write one JSON object per line')
  .action(
    action(async (opts, expr: string | undefined) => {
      const { runRate } = await import('./commands/rate.js');
      await runRate(expr, opts);
    }),
  );

program
  .command('diff')
  .description(
    'what changed between two revisions: lines added, removed, re-rated; Chapter 99 headings added, removed, re-rated',
  )
  .argument('<revA>', 'revision id, e.g. 2025_rev_8')
  .argument('<revB>', 'revision id, e.g. 2025_rev_9')
  .option('--limit <n>', 'list at most this many items per section in text output (default 50)')
  .action(
    action(async (opts, a: string, b: string) => {
      const { runDiff } = await import('./commands/diff.js');
      runDiff(await context(opts), a, b, opts);
    }),
  );

withEntryOptions(program.command('quote'), false)
  .description(
    'the duty on one entry line, component by component, with Chapter 99 headings, citations and the reasons other measures did not apply; or on every row of a CSV file',
  )
  .option(
    '--input <file>',
    'CSV with a header naming hts,country,date and optionally value,quantity,program,loaded,imported,quota,content,claim,mode,id ("-" for stdin)',
  )
  .option('--output <file>', 'JSON lines out, one per row in input order ("-" for stdout, the default)')
  .option('--trace', 'show every candidate measure and why it did or did not apply')
  .action(
    action(async (opts) => {
      const { runQuote } = await import('./commands/quote.js');
      await runQuote(await context(opts), opts);
    }),
  );

program
  .command('check-policy')
  .description(
    'cross-check the measure records against the Chapter 99 lines of every revision: uncovered headings, disagreements, out-of-scope list (exit 1 when anything is uncovered or disagrees)',
  )
  .action(
    action(async (opts) => {
      const { runCheckPolicy } = await import('./commands/check-policy.js');
      runCheckPolicy(await context(opts), opts);
    }),
  );

program
  .command('entries')
  .description(
    'duty by authority (as collected and as amended), MPF and HMF, IEEPA paid and refunds, for every line of an entry file',
  )
  .argument(
    '<file>',
    'CSV with columns entry,line,date,hts,country,value and optionally quantity,program,loaded,imported,quota,content,claim,transport ("-" for stdin)',
  )
  .option('--output <file>', 'LINES.csv: one row per input line, in input order ("-" for stdout)')
  .option('--summary <file>', 'SUMMARY.json: counts, entries with fees and refunds, totals')
  .action(
    action(async (opts, file: string) => {
      const { runEntriesCommand } = await import('./commands/entries.js');
      await runEntriesCommand(await context(opts), file, opts);
    }),
  );

program
  .command('refunds')
  .description(
    'IEEPA refund report of an entry file: by entry and month, IEEPA paid, retroactive amendments, lines lacking data; a claim CSV',
  )
  .argument('<file>', 'entry file CSV, as for `tariff entries`')
  .option('--output <file>', 'claim CSV: entry numbers and amounts')
  .action(
    action(async (opts, file: string) => {
      const { runRefunds } = await import('./commands/entries.js');
      await runRefunds(await context(opts), file, opts);
    }),
  );

program
  .command('compare-origins')
  .description(
    'every country of origin ranked by the duty on one product entered on one date, with the duties that make the difference',
  )
  .requiredOption('--hts <code>', 'HTS number, e.g. 6109.10.0012')
  .requiredOption('--date <date>', 'date of entry, YYYY-MM-DD')
  .option('--value <usd>', 'customs value in US dollars (for duties in dollars)')
  .option('--quantity <q>', 'quantity in the unit of a specific rate')
  .addOption(new Option('--mode <mode>', 'legal (default) or as-published').choices(['legal', 'as-published']))
  .option('--limit <n>', 'at most this many treatments in the table (default 40)')
  .option('--chart <file>', 'also draw the ranking as a bar chart into FILE.svg (written under a temporary name)')
  .action(
    action(async (opts) => {
      const { runCompareOrigins } = await import('./commands/compare-origins.js');
      await runCompareOrigins(await context(opts), opts);
    }),
  );

const scenario = program
  .command('scenario')
  .description(
    'what-if: one entry (--hts, --country, --date) or the daily series (--from, --to) under the actual law and under scenarios (overlays of measures, law/scenarios/*.yaml), with the difference',
  );
withSeriesOptions(
  withEntryOptions(scenario.command('run'), false)
    .description(
      'the baseline and the scenario, and the difference (alternative minus baseline): one quote, or with --from/--to the series',
    )
    .argument('<file>', 'scenario file, e.g. law/scenarios/japan-no-pause.yaml')
    .option('--trace', 'include the trace of every candidate measure in the JSON quotes')
    .option('--from <date>', 'series: first date, YYYY-MM-DD')
    .option('--to <date>', 'series: last date, YYYY-MM-DD'),
).action(
  action(async (opts, file: string) => {
    if (opts.from !== undefined || opts.to !== undefined) {
      const { runScenarioSeries } = await import('./commands/scenario-series.js');
      return runScenarioSeries(await context(opts), [file], opts);
    }
    const { runScenario } = await import('./commands/scenario.js');
    runScenario(await context(opts), file, opts);
  }),
);
withSeriesOptions(
  withEntryOptions(scenario.command('compare'), false)
    .description('the baseline and several scenarios side by side: one quote, or with --from/--to the series')
    .argument('<files...>', 'scenario files, e.g. law/scenarios/japan-no-pause.yaml law/scenarios/japan-24-not-15.yaml')
    .option('--from <date>', 'series: first date, YYYY-MM-DD')
    .option('--to <date>', 'series: last date, YYYY-MM-DD'),
).action(
  action(async (opts, files: string[]) => {
    if (opts.from !== undefined || opts.to !== undefined) {
      const { runScenarioSeries } = await import('./commands/scenario-series.js');
      return runScenarioSeries(await context(opts), files, opts);
    }
    const { runScenarioCompare } = await import('./commands/scenario.js');
    runScenarioCompare(await context(opts), files, opts);
  }),
);

program
  .command('matrix')
  .description(
    'the rate of every HTS-10 line of chapters 1-97 x every country with a Census code on one date: column 1, additional by authority and total (percent of value), as CSV',
  )
  .requiredOption('--date <date>', 'date of entry, YYYY-MM-DD (from 2025-01-01)')
  .addOption(new Option('--mode <mode>', 'legal (default) or as-published').choices(['legal', 'as-published']))
  .option('--format <format>', 'csv (default) or parquet (needs --output FILE; DOUBLE percents, null where empty)')
  .option(
    '--output <file>',
    'file to write (CSV or Parquet), under a temporary name renamed when complete ("-": CSV to stdout)',
  )
  .option('--chapters <list>', 'chapters to include, e.g. 61,62 or 72-73,84 (default 1-97)')
  .action(
    action(async (opts) => {
      const { runMatrix } = await import('./commands/matrix.js');
      await runMatrix(await context(opts), opts);
    }),
  );

const series = program
  .command('series')
  .description(
    'daily mean additional and total rates over all HTS-10 lines of chapters 1-97 x countries, unweighted and import-weighted, overall, by country or by authority',
  )
  .requiredOption('--from <date>', 'first date, YYYY-MM-DD (from 2025-01-01)')
  .requiredOption('--to <date>', 'last date, YYYY-MM-DD');
withSeriesOptions(series).action(
  action(async (opts) => {
    const { runSeries } = await import('./commands/series.js');
    await runSeries(await context(opts), opts);
  }),
);

program
  .command('sources')
  .description('what the sources directory holds: revisions with their dates, the dates covered, checksums verified')
  .action(
    action(async (opts) => {
      const { runSources } = await import('./commands/sources.js');
      runSources(await context(opts), opts);
    }),
  );

program
  .command('sync')
  .description(
    'download the official public files (HTS JSON, change records, Chapter 99 notes, Federal Register texts, reference lists) and write the manifest; fetches only what is missing or changed',
  )
  .option('--dest <dir>', 'sources directory to fill (default: --sources, $TARIFF_SOURCES, or ~/.cache/tariff/sources)')
  .option('--mirror <url>', 'fetch from a mirror: replaces the scheme and host of every official URL')
  .option('--retries <n>', 'retries per file for network errors, 5xx and truncated transfers (default 4)')
  .option('--concurrency <n>', 'files fetched at once (default 4)')
  .addOption(
    new Option(
      '--accept-converted',
      'accept PDF-to-text conversions that differ from the catalog checksum (another pdftotext version)',
    ),
  )
  .option(
    '--usitc <url>',
    'the USITC HTS service asked for its release list and current release (default https://hts.usitc.gov)',
  )
  .option('--no-releases', 'fetch only the files of the manifest, not the USITC current release')
  .action(
    action(async (opts) => {
      const { runSync } = await import('./commands/sync.js');
      const { locate } = await import('./context.js');
      let dest = opts.dest as string | undefined;
      if (!dest) {
        const l = locate(opts);
        // The shared reference copy is read-only: sync into the user's directory instead.
        dest =
          l.how === 'shared'
            ? (process.env['TARIFF_SOURCES'] ?? `${process.env['HOME'] ?? '.'}/.cache/tariff/sources`)
            : l.sourcesDir;
      }
      await runSync(dest, opts);
    }),
  );

program
  .command('serve')
  .description('the HTTP API (JSON; OpenAPI document at /openapi.json, docs at /docs), until stopped')
  .option('--port <n>', 'TCP port (default 8080; 0 picks a free one)')
  .option('--host <addr>', 'address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)')
  .option('--rate-limit <n>', 'requests per minute per client (default 600; 0 for none)')
  .option('--log-level <level>', 'pino log level: fatal, error, warn, info (default), debug, trace, silent')
  .action(
    action(async (opts) => {
      const { runServe } = await import('../server/serve.js');
      await runServe(await context(opts), opts);
    }),
  );

program
  .command('start', { hidden: true })
  .description('what `npm start` runs: a summary of the sources and sample answers')
  .action(
    action(async (opts) => {
      const { runStart } = await import('./commands/start.js');
      await runStart(await context(opts));
    }),
  );

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // --help and --version end here with code 0; usage errors are bad input.
    process.exitCode = e.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
  } else {
    fail(e, process.argv.includes('--json'));
  }
}
