/** The preflight's report as a text table: one row per check, the detail wrapped under its column. */
import { preflightOutcome } from "./evaluate-preflight.js";
import type { PreflightLine, PreflightStatus } from "./preflight-facts.js";

const STATUS_LABEL: Record<PreflightStatus, string> = { ok: "ok", warn: "WARN", refuse: "REFUSE" };

/** The table, with a closing line that says what a deploy would do. `width` bounds the detail column. */
export function formatPreflightTable(lines: PreflightLine[], title: string, width = 110): string {
  const statusWidth = Math.max(...Object.values(STATUS_LABEL).map((label) => label.length));
  const checkWidth = Math.max(5, ...lines.map((line) => line.check.length));
  const detailWidth = Math.max(40, width - statusWidth - checkWidth - 4);
  const indent = " ".repeat(statusWidth + checkWidth + 4);
  const rows = lines.map((line) => {
    const [first = "", ...rest] = wrap(line.detail, detailWidth);
    const head = `${STATUS_LABEL[line.status].padEnd(statusWidth)}  ${line.check.padEnd(checkWidth)}  ${first}`;
    return [head, ...rest.map((part) => indent + part)].join("\n");
  });
  const header = `${"".padEnd(statusWidth)}  ${"check".padEnd(checkWidth)}  detail`;
  const outcome = preflightOutcome(lines);
  const counts = (status: PreflightStatus) => lines.filter((line) => line.status === status).length;
  const summary =
    outcome === "refuse"
      ? `preflight REFUSED: ${counts("refuse")} refusal(s), ${counts("warn")} warning(s); a deploy stops here unless --force`
      : `preflight passed: ${counts("ok")} ok, ${counts("warn")} warning(s)`;
  return [title, header, ...rows, summary].join("\n");
}

/** Splits `text` into lines of at most `width` characters at spaces (a longer word gets its own line). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(" ")) {
    if (current && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  if (current) lines.push(current);
  return lines;
}
