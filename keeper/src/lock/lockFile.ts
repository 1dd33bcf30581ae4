import { statSync } from "node:fs";
import lockfile from "proper-lockfile";

/** A held lock; `release()` gives it up (idempotent). */
export interface HeldLock {
  path: string;
  release(): void;
}

export type AcquireLockResult = { acquired: true; lock: HeldLock; replacedStale: boolean } | { acquired: false; reason: string };

export interface AcquireLockOptions {
  /** A lock not refreshed for this long belongs to a dead process and is taken over. Default 30 s. */
  staleMs?: number;
}

/**
 * Takes the lock with proper-lockfile: an atomic `mkdir` of `path`, whose mtime is refreshed every
 * `staleMs / 2` while held, so a lock left by a process that died (crash, kill -9, lost host) goes
 * stale and is taken over, even on a network file system where a pid would mean nothing. The
 * directory is removed on release and, through proper-lockfile's exit hook, when the process exits.
 */
export function acquireLock(path: string, { staleMs = 30_000 }: AcquireLockOptions = {}): AcquireLockResult {
  const options = { stale: staleMs, realpath: false, lockfilePath: path };
  let compromised: Error | undefined;
  const wasStale = exists(path) && !lockfile.checkSync(path, options);
  let release: () => void;
  try {
    release = lockfile.lockSync(path, {
      ...options,
      update: Math.max(1000, Math.floor(staleMs / 2)),
      onCompromised: (error) => (compromised = error),
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOCKED") return { acquired: false, reason: "another process holds the lock" };
    throw error;
  }
  let released = false;
  return {
    acquired: true,
    replacedStale: wasStale,
    lock: {
      path,
      release() {
        if (released) return;
        released = true;
        if (compromised) return;
        try {
          release();
        } catch {
          // already released or taken over
        }
      },
    },
  };
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
