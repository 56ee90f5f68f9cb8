// Where the sources directory and the cache directory are. The cache never lives inside the sources
// directory, which may be read-only (the shared reference copy is).
import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type SourcesHow = 'flag' | 'shared' | 'env' | 'cache';

export interface ResolveSourcesOptions {
  /** Value of the global `--sources DIR` option, if given. */
  flag?: string | undefined;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Home directory (default os.homedir()); for tests. */
  home?: string;
}

function isDir(p: string): boolean {
  try {
    return existsSync(p) && statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function expandHome(p: string, home: string): string {
  return p === '~' ? home : p.startsWith('~/') ? path.join(home, p.slice(2)) : p;
}

/**
 * `--sources DIR` if given, else `<cwd>/../shared/data` when it exists, else `$TARIFF_SOURCES`,
 * else `~/.cache/tariff/sources`. The directory returned may not exist yet (`tariff sync` creates it).
 */
export function resolveSourcesDir(opts: ResolveSourcesOptions): { dir: string; how: SourcesHow } {
  const home = opts.home ?? os.homedir();
  if (opts.flag) return { dir: path.resolve(opts.cwd, expandHome(opts.flag, home)), how: 'flag' };
  const shared = path.resolve(opts.cwd, '..', 'shared', 'data');
  if (isDir(shared)) return { dir: shared, how: 'shared' };
  const env = opts.env['TARIFF_SOURCES'];
  if (env) return { dir: path.resolve(opts.cwd, expandHome(env, home)), how: 'env' };
  return { dir: path.join(home, '.cache', 'tariff', 'sources'), how: 'cache' };
}

export interface ResolveCacheOptions {
  /** An explicit cache directory, if the caller has one. */
  flag?: string | undefined;
  env: Record<string, string | undefined>;
  cwd?: string;
  home?: string;
}

/** The flag if given, else `$TARIFF_CACHE`, else `~/.cache/tariff` (holds the compiled index and the stamp cache). */
export function resolveCacheDir(opts: ResolveCacheOptions): string {
  const home = opts.home ?? os.homedir();
  const cwd = opts.cwd ?? process.cwd();
  if (opts.flag) return path.resolve(cwd, expandHome(opts.flag, home));
  const env = opts.env['TARIFF_CACHE'];
  if (env) return path.resolve(cwd, expandHome(env, home));
  return path.join(home, '.cache', 'tariff');
}
