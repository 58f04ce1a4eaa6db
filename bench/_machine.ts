/**
 * The machine a result was taken on (cores, memory, CPU, Node and Deno versions, load), recorded in every result.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";

/** Where and on what a benchmark ran. */
export interface Machine {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  platform: string;
  node: string;
  deno: string | null;
  /** 1-minute load average when the bench started (other work on a shared machine shows here). */
  loadAvg1: number;
  /** The source measured: git commit and whether the working tree had changes (null outside git). */
  revision: { commit: string; dirty: boolean } | null;
}

/** The git commit of the tree this bench runs from (read-only git calls). */
function revision(): Machine["revision"] {
  const cwd = fileURLToPath(new URL("../", import.meta.url));
  try {
    const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd, encoding: "utf8", timeout: 10_000 })
      .trim();
    const dirty =
      execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd, encoding: "utf8", timeout: 10_000 })
        .trim() !== "";
    return { commit, dirty };
  } catch {
    return null;
  }
}

let denoVersion: string | null | undefined;

/** `deno --version` first line (the project's npm deno, else `npx deno`); null when unavailable. */
export function denoVersionLine(): string | null {
  if (denoVersion !== undefined) return denoVersion;
  const local = fileURLToPath(new URL("../node_modules/.bin/deno", import.meta.url));
  try {
    const out = existsSync(local)
      ? execFileSync(local, ["--version"], { encoding: "utf8", timeout: 20_000 })
      : execFileSync("npx", ["deno", "--version"], { encoding: "utf8", timeout: 60_000 });
    denoVersion = out.split("\n")[0]!.trim();
  } catch {
    denoVersion = null;
  }
  return denoVersion;
}

/** Describes this machine now. */
export function machine(): Machine {
  return {
    cores: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    deno: denoVersionLine(),
    loadAvg1: Math.round(os.loadavg()[0]! * 100) / 100,
    revision: revision(),
  };
}
