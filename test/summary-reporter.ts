// Ends the test run with one plain line, "N passed, N failed", that any CI can read.
import type { Reporter } from 'vitest/reporters';
import type { RunnerTestFile, RunnerTask } from 'vitest';

function count(tasks: RunnerTask[], acc: { passed: number; failed: number; skipped: number }) {
  for (const t of tasks) {
    if (t.type === 'test') {
      const state = t.result?.state;
      if (state === 'pass') acc.passed++;
      else if (state === 'fail') acc.failed++;
      else acc.skipped++;
    } else if ('tasks' in t) count(t.tasks, acc);
  }
}

export default class SummaryReporter implements Reporter {
  onFinished(files: RunnerTestFile[] = []): void {
    const acc = { passed: 0, failed: 0, skipped: 0 };
    count(files, acc);
    // A file that failed to load, or whose beforeAll failed (its tests then skipped), failed without a failed test:
    // count it as a failure.
    for (const f of files) {
      if (f.result?.state !== 'fail') continue;
      const inner = { passed: 0, failed: 0, skipped: 0 };
      count(f.tasks, inner);
      if (inner.failed === 0) acc.failed++;
    }
    process.stdout.write(
      `\ntests: ${acc.passed} passed, ${acc.failed} failed${acc.skipped ? `, ${acc.skipped} skipped` : ''}\n`,
    );
  }
}
