import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveCacheDir, resolveSourcesDir } from '../../src/sources/locate.js';
import { tempDir } from './helpers.js';

let root: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir: root, cleanup } = await tempDir('tariff-locate-'));
});
afterEach(() => cleanup());

describe('resolveSourcesDir', () => {
  it('prefers --sources over everything', async () => {
    const cwd = path.join(root, 'main');
    await mkdir(path.join(root, 'shared', 'data'), { recursive: true });
    expect(resolveSourcesDir({ flag: 'src-dir', env: { TARIFF_SOURCES: '/env' }, cwd, home: '/h' })).toEqual({
      dir: path.join(cwd, 'src-dir'),
      how: 'flag',
    });
    expect(resolveSourcesDir({ flag: '~/s', env: {}, cwd, home: '/h' }).dir).toBe('/h/s');
  });

  it('uses ../shared/data when it exists, before $TARIFF_SOURCES', async () => {
    const cwd = path.join(root, 'main');
    await mkdir(path.join(root, 'shared', 'data'), { recursive: true });
    expect(resolveSourcesDir({ env: { TARIFF_SOURCES: '/env' }, cwd, home: '/h' })).toEqual({
      dir: path.join(root, 'shared', 'data'),
      how: 'shared',
    });
  });

  it('uses $TARIFF_SOURCES when there is no ../shared/data', () => {
    const cwd = path.join(root, 'main');
    expect(resolveSourcesDir({ env: { TARIFF_SOURCES: '/env/src' }, cwd, home: '/h' })).toEqual({
      dir: '/env/src',
      how: 'env',
    });
  });

  it('falls back to ~/.cache/tariff/sources', () => {
    const cwd = path.join(root, 'main');
    expect(resolveSourcesDir({ env: { TARIFF_SOURCES: '' }, cwd, home: '/h' })).toEqual({
      dir: '/h/.cache/tariff/sources',
      how: 'cache',
    });
  });
});

describe('resolveCacheDir', () => {
  it('uses the flag, then $TARIFF_CACHE, then ~/.cache/tariff', () => {
    expect(resolveCacheDir({ flag: '/c', env: { TARIFF_CACHE: '/e' }, home: '/h' })).toBe('/c');
    expect(resolveCacheDir({ env: { TARIFF_CACHE: '/e' }, home: '/h' })).toBe('/e');
    expect(resolveCacheDir({ env: {}, home: '/h' })).toBe('/h/.cache/tariff');
  });
});
