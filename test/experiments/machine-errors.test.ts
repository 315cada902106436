/**
 * Failures of the machine exit 1 with the path: a write error that names no
 * file (a full disk's ENOSPC) gets the file's path; usage errors stay exit 2.
 */
import { describe, expect, it, vi } from 'vitest';
import { withPath } from '../../envs/sim/atomic-file.js';
import { reportError, UsageError } from '../../experiments/cli/errors.js';

function stderrOf(fn: () => number): { code: number; text: string } {
  let text = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  });
  try {
    return { code: fn(), text };
  } finally {
    spy.mockRestore();
  }
}

describe('machine failures', () => {
  const enospc = (): NodeJS.ErrnoException => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

  it('withPath names the file and keeps the code', () => {
    const e = withPath(enospc(), 'runs/x/metrics.csv') as NodeJS.ErrnoException;
    expect(e.message).toBe('runs/x/metrics.csv: ENOSPC: no space left on device, write');
    expect(e.code).toBe('ENOSPC');
    const named = new Error("EACCES: permission denied, open 'runs/x/a.json.1.tmp'");
    expect(withPath(named, 'runs/x/a.json')).toBe(named);
  });

  it('exit 1 with the path, one line; usage errors exit 2', () => {
    const full = stderrOf(() => reportError(Object.assign(enospc(), { path: '/data/runs' })));
    expect(full).toEqual({ code: 1, text: 'lbgym: /data/runs: ENOSPC: no space left on device, write\n' });
    const wrapped = stderrOf(() => reportError(withPath(enospc(), 'out/report.html')));
    expect(wrapped).toEqual({ code: 1, text: 'lbgym: out/report.html: ENOSPC: no space left on device, write\n' });
    expect(stderrOf(() => reportError(new UsageError('--episodes: expected an integer'))).code).toBe(2);
  });
});
