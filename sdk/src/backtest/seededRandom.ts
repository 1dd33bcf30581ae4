/**
 * mulberry32: a small, fast, seeded pseudo-random generator returning floats in [0, 1). The same
 * seed always gives the same sequence, so every backtest path is reproducible from its seed.
 * Not for anything secret.
 *
 * @example
 * ```ts
 * const random = seededRandom(7);
 * random(); // always the same first draw for seed 7
 * ```
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws (Box-Muller, one draw per pair of uniforms) from a uniform source. */
export function normalFrom(random: () => number): () => number {
  return () => {
    const u = Math.max(random(), 1e-12);
    const v = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}
