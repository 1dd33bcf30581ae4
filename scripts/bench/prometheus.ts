/** Reading a Prometheus text exposition (what Ponder serves at /metrics), pure. */

/** One sample of a metric: its labels and its value. */
export interface PrometheusSample {
  labels: Record<string, string>;
  value: number;
}

/**
 * The samples of `metric` in `exposition` (the text format: `name{label="value",...} number`), in
 * order; comments (`# HELP`, `# TYPE`) and other metrics are skipped, and a metric with another name
 * that merely starts with `metric` (`metric_count` for `metric`) is not taken.
 */
export function prometheusSamples(exposition: string, metric: string): PrometheusSample[] {
  const samples: PrometheusSample[] = [];
  for (const line of exposition.split("\n")) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line.trim());
    if (!match || match[1] !== metric) continue;
    const labels: Record<string, string> = {};
    for (const [, name, value] of (match[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[name!] = unescapeLabel(value!);
    samples.push({ labels, value: Number(match[3]) });
  }
  return samples;
}

/** A label value as written, with the format's escapes (`\\`, `\"`, `\n`) undone. */
function unescapeLabel(value: string): string {
  return value.replace(/\\(["\\n])/g, (_, character: string) => (character === "n" ? "\n" : character));
}

/** The sum of `metric`'s samples whose labels include every label in `where`. */
export function prometheusSum(exposition: string, metric: string, where: Record<string, string> = {}): number {
  return prometheusSamples(exposition, metric)
    .filter((sample) => Object.entries(where).every(([name, value]) => sample.labels[name] === value))
    .reduce((sum, sample) => sum + sample.value, 0);
}
