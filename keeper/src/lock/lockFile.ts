import { linkSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";

/** A held lock; `release()` removes the file if it is still ours. */
export interface HeldLock {
  path: string;
  release(): void;
}

export type AcquireLockResult = { acquired: true; lock: HeldLock; replacedStalePid?: number | undefined } | { acquired: false; holderPid: number | undefined };

/** Whether a process with this pid is alive (signal 0 checks without signalling). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes the lock: creates `path` exclusively, already holding our pid (written to a private temp
 * file, then hard-linked into place, which fails if the lock exists; so no one ever sees an empty
 * lock). If the lock exists and its pid is dead, the lock is stale: it is removed and taken once
 * more; two runs racing for a stale lock cannot both win, only one link succeeds.
 */
export function acquireLock(path: string, pid = process.pid, alive: (pid: number) => boolean = isProcessAlive): AcquireLockResult {
  if (tryCreate(path, pid)) return { acquired: true, lock: heldLock(path, pid) };
  const holderPid = readPid(path);
  if (holderPid !== undefined && holderPid !== pid && alive(holderPid)) return { acquired: false, holderPid };
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  if (tryCreate(path, pid)) return { acquired: true, lock: heldLock(path, pid), replacedStalePid: holderPid };
  return { acquired: false, holderPid: readPid(path) };
}

function tryCreate(path: string, pid: number): boolean {
  const temporary = `${path}.${pid}.${process.hrtime.bigint()}.tmp`;
  writeFileSync(temporary, `${pid}\n`, { flag: "wx" });
  try {
    linkSync(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    unlinkSync(temporary);
  }
}

function heldLock(path: string, pid: number): HeldLock {
  let released = false;
  return {
    path,
    release() {
      if (released) return;
      released = true;
      if (readPid(path) !== pid) return;
      try {
        unlinkSync(path);
      } catch {
        // already gone
      }
    },
  };
}

function readPid(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, "utf8").trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
