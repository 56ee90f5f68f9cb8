// The sources layer: where the official files are, what they should be (manifest), and how to fetch them (sync).
export { resolveCacheDir, resolveSourcesDir } from './locate.js';
export type { ResolveCacheOptions, ResolveSourcesOptions, SourcesHow } from './locate.js';
export {
  catalog,
  changeRecordFiles,
  htsRevisionFiles,
  htsRevisions,
  isSourceError,
  loadManifest,
  MANIFEST_FILE,
  parseManifest,
  sha256File,
  sourcesKey,
  SourceError,
  verifySources,
  writeFileAtomic,
} from './manifest.js';
export type { VerifiedSources, VerifyOptions } from './manifest.js';
export { FetchError, mirrorUrl, sync } from './sync.js';
export type { SyncEvent, SyncOptions, SyncSummary } from './sync.js';
export type { Catalog, CatalogEntry, Conversion, Manifest, ManifestEntry, SourceKind } from './types.js';
