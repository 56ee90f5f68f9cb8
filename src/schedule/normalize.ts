// Normalization of USITC JSON rows. The JSON carries markup that toggles between revisions ("2.5%" <-> "2.5%<u></u>"),
// stray newlines and padded strings (hts-data.md §1b, §3b, §7a): we strip it once here so that diffs show real changes only.

/** One row of the USITC HTS JSON, as published. */
export interface RawRow {
  htsno?: string | null;
  indent?: string | number | null;
  description?: string | null;
  superior?: string | null;
  units?: string[] | null;
  general?: string | null;
  special?: string | null;
  other?: string | null;
  footnotes?: { columns?: string[]; value?: string; type?: string }[] | null;
  additionalDuties?: string | null;
}

export interface Footnote {
  columns: string[];
  value: string;
  type: string;
}

/** A row after normalization: the unit of storage in the compiled index. */
export interface Row {
  /** Digits only ('6109100012'); '' for an unnumbered header row. */
  code: string;
  indent: number;
  description: string;
  superior: boolean;
  units: string[];
  general: string;
  special: string;
  other: string;
  footnotes: Footnote[];
  additionalDuties: string;
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&nbsp;': ' ',
};

/** Strips HTML tags and entities, turns newlines into spaces, collapses whitespace, trims. */
export function cleanText(s: string | null | undefined): string {
  if (!s) return '';
  let t = s;
  if (t.includes('<')) t = t.replace(/<[^>]*>/g, '');
  if (t.includes('&')) t = t.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (m) => ENTITIES[m] ?? m);
  return t.replace(/\s+/g, ' ').trim();
}

/** Unit spellings vary with markup ("m<sup>2</sup>", "<u>kg</u>", " kg", "doz. prs</il>."): one spelling each. */
export function cleanUnit(s: string): string {
  const t = cleanText(s);
  if (t === 'm2') return 'm²';
  if (t === 'm3') return 'm³';
  return t;
}

export function normalizeRow(raw: RawRow): Row {
  const htsno = (raw.htsno ?? '').trim();
  return {
    code: htsno.replace(/\./g, ''),
    indent: Number.parseInt(String(raw.indent ?? '0'), 10) || 0,
    description: cleanText(raw.description),
    superior: raw.superior === 'true',
    units: (raw.units ?? []).map(cleanUnit).filter((u) => u.length > 0),
    general: cleanText(raw.general),
    special: cleanText(raw.special),
    other: cleanText(raw.other),
    footnotes: (raw.footnotes ?? []).map((f) => ({
      columns: [...(f.columns ?? [])],
      value: cleanText(f.value),
      type: f.type ?? '',
    })),
    additionalDuties: cleanText(raw.additionalDuties),
  };
}

/** Chapter 99 numbers cited in footnotes ("See 9903.88.15."), in order of first appearance. */
export function chapter99Refs(footnotes: readonly Footnote[]): string[] {
  const out: string[] = [];
  for (const f of footnotes) {
    for (const m of f.value.matchAll(/\b(99\d\d\.\d\d\.\d\d)\b/g)) if (!out.includes(m[1]!)) out.push(m[1]!);
  }
  return out;
}
