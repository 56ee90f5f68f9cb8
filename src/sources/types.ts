// Shapes shared by the catalog (shipped in the repo), the manifest (written by `tariff sync`) and their readers.

export type SourceKind = 'hts-json' | 'change-record' | 'ch99-notes' | 'federal-register' | 'reference';

/** How the stored file was made from what `origin` serves. */
export type Conversion = 'gzip' | 'pdftotext-layout';

export interface CatalogEntry {
  /** Path inside the sources directory, relative, with '/' separators. */
  path: string;
  /** Size of the file as stored, in bytes. */
  bytes: number;
  /** sha256 (hex) of the file as stored. */
  sha256: string;
  /** For 'gzip' entries: sha256 of the uncompressed bytes, i.e. of the original download. */
  contentSha256?: string;
  /** For 'gzip' entries: size of the uncompressed bytes. */
  contentBytes?: number;
  kind: SourceKind;
  /** HTS revision id for hts-json and change-record entries, e.g. '2025_rev_9' or '2026_basic'. */
  revision?: string;
  /** Official URL the file comes from, or null when none is known (see note). */
  origin: string | null;
  convert?: Conversion;
  note?: string;
}

export interface Catalog {
  version: 1;
  generated: string;
  files: CatalogEntry[];
}

export type ManifestEntry = CatalogEntry & {
  retrieved?: string;
  /** For revisions taken from the USITC release list: the date the release became current (YYYY-MM-DD). */
  released?: string;
};

export interface Manifest {
  version: 1;
  generated: string;
  files: ManifestEntry[];
}
