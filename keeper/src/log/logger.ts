import type { LogLevel } from "../config/types.js";

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEYS = /private.?key|password|secret|mnemonic|seed/i;

/** A structured logger: one JSON object per line, amounts as strings, secrets redacted. */
export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
  /** Adds a value (a private key, a password) that must never appear in a log line. */
  addSecret(value: string): void;
}

export interface CreateLoggerParameters {
  level?: LogLevel;
  /** Where lines go (default: stderr, so stdout stays for command output such as `status`). */
  write?: (line: string) => void;
  /** Clock for the `time` field. */
  now?: () => Date;
}

export function createLogger({ level = "info", write = (line) => process.stderr.write(line + "\n"), now = () => new Date() }: CreateLoggerParameters = {}): Logger {
  const secrets: string[] = [];
  const scrub = (text: string) => secrets.reduce((acc, secret) => acc.split(secret).join("[redacted]"), text);
  const emit = (entryLevel: LogLevel, event: string, fields: Record<string, unknown> = {}) => {
    if (RANK[entryLevel] < RANK[level]) return;
    const line = JSON.stringify({ time: now().toISOString(), level: entryLevel, event, ...fields }, (key, value) => {
      if (key !== "" && SECRET_KEYS.test(key)) return "[redacted]";
      if (typeof value === "bigint") return value.toString();
      if (value instanceof Error) return { name: value.name, message: value.message };
      return value;
    });
    write(scrub(line));
  };
  return {
    debug: (event, fields) => emit("debug", event, fields),
    info: (event, fields) => emit("info", event, fields),
    warn: (event, fields) => emit("warn", event, fields),
    error: (event, fields) => emit("error", event, fields),
    addSecret(value) {
      if (value.length >= 8) {
        secrets.push(value);
        if (value.startsWith("0x")) secrets.push(value.slice(2));
      }
    },
  };
}

/** Short, single-line description of an error for a log field. */
export function describeError(error: unknown): string {
  if (error && typeof error === "object" && "shortMessage" in error && typeof error.shortMessage === "string") return error.shortMessage;
  if (error instanceof Error) return error.message.split("\n")[0] ?? error.name;
  return String(error);
}
