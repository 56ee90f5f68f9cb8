// Shared by tests: the real sources and the compiled schedule (built by test/global-setup.ts).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { loadContext, type Context } from '../src/cli/context.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

let ctx: Promise<Context> | null = null;
export function realContext(): Promise<Context> {
  ctx ??= loadContext({});
  return ctx;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `tariff` command as a user would. */
export function tariff(args: string[], input?: string, env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      'node',
      [join(ROOT, 'bin', 'tariff.js'), ...args],
      { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (input !== undefined) child.stdin!.end(input);
  });
}
