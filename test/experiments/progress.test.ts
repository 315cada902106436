/**
 * Progress output: a live bar (carriage return, no newline) on a terminal,
 * plain periodic lines otherwise, nothing when disabled; a resumed run's
 * offset is not counted in the rate; LazyProgress starts at its first report.
 */
import { describe, expect, it } from 'vitest';
import { formatRate, formatSeconds, LazyProgress, Progress } from '../../experiments/cli/progress.js';

function stream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const s = { isTTY, text: '', write(chunk: string) { s.text += chunk; return true; } };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

describe('Progress', () => {
  it('draws a bar in place on a terminal and ends the line when done', () => {
    const out = stream(true);
    const p = new Progress(100, 'steps', out, 5, true);
    p.update(50, 'return 1.0');
    expect(out.text).toMatch(/^\r\[#{12}\.{12}\] 50\/100 steps .* ETA .*return 1\.0\u001b\[K$/);
    p.done();
    expect(out.text.endsWith('\n')).toBe(true);
  });

  it('writes plain lines off a terminal: the last one always, others at most every interval', () => {
    const out = stream(false);
    const p = new Progress(10, 'episodes', out, 3600, true);
    p.update(5);
    expect(out.text).toBe('');
    p.update(10);
    expect(out.text).toMatch(/^100% 10\/10 episodes .* ETA 0s\n$/);
    p.done();
    expect(out.text.split('\n')).toHaveLength(2);
  });

  it('is silent when disabled, even on a terminal', () => {
    const out = stream(true);
    const p = new Progress(10, 'steps', out, 0, false);
    p.update(10);
    p.done();
    expect(out.text).toBe('');
  });

  it('a resumed run does not count the steps done before it in the rate', async () => {
    const out = stream(false);
    const p = new Progress(2000, 'steps', out, 0, true, 1000);
    await new Promise((r) => setTimeout(r, 20));
    p.update(1000);
    expect(out.text).toMatch(/ 0 steps\/s {2}ETA --/);
  });

  it('LazyProgress learns its total at the first report', () => {
    const out = stream(false);
    const p = new LazyProgress('exact optima', true, out);
    p.update(3, 3);
    p.done();
    expect(out.text).toMatch(/^100% 3\/3 exact optima /);
  });
});

describe('formatting', () => {
  it('rates below one unit a second read as seconds each', () => {
    expect(formatRate(1234.4, 'steps')).toBe('1,234 steps/s');
    expect(formatRate(0.25, 'charts')).toBe('4.0 s each');
    expect(formatRate(0, 'steps')).toBe('0 steps/s');
  });

  it('seconds', () => {
    expect(formatSeconds(Infinity)).toBe('--');
    expect(formatSeconds(42.2)).toBe('42s');
    expect(formatSeconds(125)).toBe('2m05s');
  });
});
