// `tariff diff REV_A REV_B`: what changed between two revisions.
import { diffRevisions } from '../../schedule/diff.js';
import { out, printJson, table } from '../io.js';
import type { Context } from '../context.js';

export function runDiff(ctx: Context, a: string, b: string, opts: { json?: boolean; limit?: string }): void {
  const s = ctx.schedule;
  const d = diffRevisions(s, s.revision(a), s.revision(b));
  if (opts.json) return printJson(d);
  const limit = opts.limit ? Math.max(1, Number(opts.limit) || 50) : 50;
  const more = (n: number) => (n > limit ? [[`  ... and ${n - limit} more (--limit, or --json for all)`]] : []);
  const listed = (label: string, list: { hts: string; general: string; description: string }[]) => {
    if (!list.length) return;
    out(`  ${label}:`);
    out(
      table([
        ...list.slice(0, limit).map((h) => [`    ${h.hts}`, h.general || '-', h.description.slice(0, 90)]),
        ...more(list.length),
      ]),
    );
  };
  out(
    `${d.from.revision} (published ${d.from.published}) -> ${d.to.revision} (published ${d.to.published}, in force from ${d.to.effective})`,
  );
  out('');
  const c = d.chapter99;
  out(
    `Chapter 99 headings: ${c.added.length} added, ${c.removed.length} removed, ${c.rerated.length} re-rated, ${c.reworded.length} re-worded`,
  );
  if (c.rerated.length) {
    out(
      table([
        ...c.rerated
          .slice(0, limit)
          .flatMap((h) => [
            ...(h.general ? [[`  ${h.hts}`, 'general', `${h.general.from}  ->  ${h.general.to}`]] : []),
            ...(h.special && !h.general ? [[`  ${h.hts}`, 'special', `${h.special.from}  ->  ${h.special.to}`]] : []),
          ]),
        ...more(c.rerated.length),
      ]),
    );
  }
  listed('added', c.added);
  listed('removed', c.removed);
  if (c.reworded.length)
    out(
      `  re-worded (scope text): ${c.reworded
        .slice(0, limit)
        .map((h) => h.hts)
        .join(', ')}${c.reworded.length > limit ? ', ...' : ''}`,
    );
  out('');
  const l = d.lines;
  out(
    `Lines: ${l.added.length} added, ${l.removed.length} removed, ${l.rerated.length} re-rated, ${l.described} re-described`,
  );
  if (l.rerated.length)
    out(
      table([
        ...l.rerated
          .slice(0, limit)
          .flatMap((r) => r.changes.map((ch) => [`  ${r.hts}`, ch.field, `${ch.from}  ->  ${ch.to}`])),
        ...more(l.rerated.length),
      ]),
    );
  listed('added', l.added);
  listed('removed', l.removed);
}
