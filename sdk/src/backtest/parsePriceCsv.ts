import type { PricePath } from "./pricePath.js";
import { validatePricePath } from "./pricePath.js";

/**
 * Reads a CSV of timestamped prices into a {@link PricePath}. One `time,price` pair per line; an
 * optional header line (any first line whose price is not a number); `#` comments and blank lines
 * are skipped. Times are Unix seconds, or ISO-8601 dates (`2024-01-01T00:00:00Z`); the path's
 * times are counted from the first row. Rows must be in time order.
 *
 * Throws a `RangeError` naming the line of the first bad row.
 *
 * @example
 * ```ts
 * parsePriceCsv("time,price\n1700000000,2000\n1700003600,2010.5\n");
 * // { times: [0, 3600], prices: [2000, 2010.5] }
 * ```
 */
export function parsePriceCsv(text: string): PricePath {
  const rows: { time: number; price: number }[] = [];
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (line === "" || line.startsWith("#")) continue;
    const cells = line.split(",").map((cell) => cell.trim());
    const lineNumber = index + 1;
    if (cells.length < 2) throw new RangeError(`line ${lineNumber}: expected "time,price" (got "${line}")`);
    const price = Number(cells[1]);
    if (rows.length === 0 && !Number.isFinite(price) && !Number.isFinite(Number(cells[0]))) continue; // header
    const time = parseTime(cells[0]!);
    if (time === undefined) throw new RangeError(`line ${lineNumber}: time "${cells[0]}" is neither Unix seconds nor an ISO-8601 date`);
    if (!(Number.isFinite(price) && price > 0)) throw new RangeError(`line ${lineNumber}: price "${cells[1]}" must be a positive number`);
    const previous = rows[rows.length - 1];
    if (previous && !(time > previous.time)) throw new RangeError(`line ${lineNumber}: time ${cells[0]} is not after the previous row's`);
    rows.push({ time, price });
  }
  if (rows.length < 2) throw new RangeError(`a price CSV needs at least two rows of "time,price" (got ${rows.length})`);
  const start = rows[0]!.time;
  const path = { times: rows.map((row) => row.time - start), prices: rows.map((row) => row.price) };
  validatePricePath(path);
  return path;
}

function parseTime(cell: string): number | undefined {
  if (/^\d+(\.\d+)?$/.test(cell)) return Number(cell);
  const milliseconds = Date.parse(cell);
  return Number.isNaN(milliseconds) || !/^\d{4}-\d{2}-\d{2}/.test(cell) ? undefined : milliseconds / 1000;
}
