/**
 * Reusable scratch space per system size: the engines keep one workspace of
 * typed arrays per node count, so an episode allocates nothing.
 */
export function workspacePool<W>(make: (n: number) => W): (n: number) => W {
  const pool = new Map<number, W>();
  return (n) => {
    let w = pool.get(n);
    if (w === undefined) {
      w = make(n);
      pool.set(n, w);
    }
    return w;
  };
}
