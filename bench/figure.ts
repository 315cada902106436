/** One benchmark figure and its printing. */
export interface Figure {
  label: string;
  value: number;
  unit: string;
  /** The target it is measured against, e.g. '>= 100000'. */
  target?: string;
}

export function printFigures(section: string, figures: Figure[]): void {
  process.stdout.write(`\n## ${section}\n`);
  const w = Math.max(...figures.map((f) => f.label.length));
  for (const f of figures) {
    const v = f.value >= 1000 ? Math.round(f.value).toLocaleString('en-US') : f.value.toPrecision(4);
    process.stdout.write(`  ${f.label.padEnd(w)}  ${v} ${f.unit}${f.target === undefined ? '' : `  (target ${f.target})`}\n`);
  }
}

/** Best of `repeats` timings of `fn` (seconds), after one warm-up call. */
export function bestSeconds(fn: () => void, repeats = 3): number {
  fn();
  let best = Infinity;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return best;
}
