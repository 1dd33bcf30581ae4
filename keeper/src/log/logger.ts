import { pino, type DestinationStream } from "pino";

import type { LogLevel } from "../config/types.js";

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
  /** Where lines go (default: stderr, written synchronously, so stdout stays for command output such as `status`). */
  write?: (line: string) => void;
  /** Clock for the `time` field. */
  now?: () => Date;
}

/** Field names whose values pino's redaction replaces, at the top level and one level down. */
const SECRET_FIELDS = ["privateKey", "private_key", "password", "passwordText", "secret", "mnemonic", "seed"];
const REDACTED = "[redacted]";

/** bigints as decimal strings and errors as {name, message}, at any depth (pino would print bigints as numbers). */
function toLoggable(value: unknown, depth = 0): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (depth > 8 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => toLoggable(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toLoggable(item, depth + 1)]));
}

/**
 * The keeper's logger on pino: `{"level":"info","time":"...","event":"tick.done",...fields}` per line.
 * Fields named like secrets are redacted by pino's `redact`; values registered with `addSecret`
 * (the key, the keystore password) are scrubbed from every line, wherever they appear.
 */
export function createLogger({ level = "info", write, now = () => new Date() }: CreateLoggerParameters = {}): Logger {
  const secrets: string[] = [];
  const scrub = (text: string) => secrets.reduce((line, secret) => line.split(secret).join(REDACTED), text);
  const destination: DestinationStream = write ? { write: (line: string) => write(line.replace(/\n$/, "")) } : pino.destination({ fd: 2, sync: true });
  const logger = pino(
    {
      level,
      base: null,
      messageKey: "event",
      timestamp: () => `,"time":"${now().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }), log: (object) => toLoggable(object) as Record<string, unknown> },
      redact: { paths: [...SECRET_FIELDS, ...SECRET_FIELDS.map((field) => `*.${field}`)], censor: REDACTED },
      hooks: { streamWrite: scrub },
      serializers: { err: (value: unknown) => value },
    },
    destination,
  );
  const emit = (entryLevel: LogLevel) => (event: string, fields: Record<string, unknown> = {}) => logger[entryLevel](fields, event);
  return {
    debug: emit("debug"),
    info: emit("info"),
    warn: emit("warn"),
    error: emit("error"),
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
