import { assertPositiveInteger } from "./parameterChecks.js";

/**
 * Runs `task` on every item with at most `concurrency` tasks in flight, starting them in order, and
 * resolves with the results in the order of `items` (not the order the tasks finish in). Rejects
 * with the first failure; no task starts after it (those already running are left to finish and
 * their results dropped).
 *
 * @example
 * ```ts
 * const pages = await mapWithConcurrency([1, 2, 3, 4, 5], 2, (page) => fetchPage(page));
 * ```
 */
export async function mapWithConcurrency<item, result>(
  items: readonly item[],
  concurrency: number,
  task: (item: item, index: number) => Promise<result>,
): Promise<result[]> {
  assertPositiveInteger("concurrency", concurrency);
  const results = new Array<result>(items.length);
  let nextIndex = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && nextIndex < items.length) {
      const index = nextIndex++;
      try {
        results[index] = await task(items[index]!, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, worker);
  await Promise.all(workers);
  return results;
}
