/**
 * Progress reporting: a live bar with rate and ETA when stderr is a terminal,
 * plain periodic log lines otherwise (CI logs, pipes).
 */
export class Progress {
  private readonly start = performance.now();
  private lastLine = 0;
  private readonly tty: boolean;

  constructor(
    private readonly total: number,
    private readonly unit: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    /** Seconds between plain log lines. */
    private readonly interval = 5,
    private readonly enabled = true,
    /** Units done before this process started (a resumed run): not counted in the rate. */
    private readonly offset = 0,
  ) {
    this.tty = enabled && stream.isTTY === true;
  }

  update(done: number, note = ''): void {
    if (!this.enabled) return;
    const seconds = (performance.now() - this.start) / 1000;
    const rate = seconds > 0 ? (done - this.offset) / seconds : 0;
    const eta = rate > 0 ? (this.total - done) / rate : Infinity;
    const frac = Math.min(1, done / this.total);
    const text = `${done.toLocaleString('en-US')}/${this.total.toLocaleString('en-US')} ${this.unit}  ${formatRate(rate, this.unit)}  ETA ${formatSeconds(eta)}${note === '' ? '' : `  ${note}`}`;
    if (this.tty) {
      const width = 24;
      const filled = Math.round(frac * width);
      this.stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}\u001b[K`);
    } else if (seconds - this.lastLine >= this.interval || done >= this.total) {
      this.lastLine = seconds;
      this.stream.write(`${(100 * frac).toFixed(0)}% ${text}\n`);
    }
  }

  done(): void {
    if (this.tty) this.stream.write('\n');
  }
}

/** Progress for work whose total is known only at its first report (`update(done, total)`), such as the optimum prefill. */
export class LazyProgress {
  private progress: Progress | undefined;

  constructor(
    private readonly unit: string,
    private readonly enabled: boolean,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number, total: number): void {
    this.progress ??= new Progress(total, this.unit, this.stream, 5, this.enabled);
    this.progress.update(done);
  }

  done(): void {
    this.progress?.done();
  }
}

/** `1,234 steps/s`, or `4.2 s each` below one unit a second. */
export function formatRate(rate: number, unit: string): string {
  if (rate > 0 && rate < 1) return `${(1 / rate).toFixed(1)} s each`;
  return `${Math.round(rate).toLocaleString('en-US')} ${unit}/s`;
}

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '--';
  if (s < 60) return `${s.toFixed(0)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.round(s - 60 * m)).padStart(2, '0')}s`;
}
