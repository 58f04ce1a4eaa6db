/**
 * Checks the CLI makes before a command starts anything: that an output file can be written, that an adapter
 * command names a program that exists, and a shell quoting for the reproduction commands reports print.
 */
import { accessSync, constants, mkdirSync, statSync } from "node:fs";
import { delimiter, dirname, isAbsolute, join, resolve } from "node:path";

/**
 * Makes sure `path` can be written later: creates its directory, and checks that the directory is writable and that
 * the path is not a directory or a read-only file. Returns the problem, or null.
 */
export function checkWritable(path: string): string | null {
  const dir = dirname(resolve(path));
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    const code = (e as { code?: string }).code;
    return code === "EEXIST" || code === "ENOTDIR"
      ? `"${dirname(path)}" is not a directory`
      : `cannot create directory "${dirname(path)}": ${(e as Error).message}`;
  }
  try {
    if (!statSync(dir).isDirectory()) return `"${dirname(path)}" is not a directory`;
    accessSync(dir, constants.W_OK);
  } catch {
    return `directory "${dirname(path)}" is not writable`;
  }
  try {
    const st = statSync(path);
    if (st.isDirectory()) return `"${path}" is a directory`;
    accessSync(path, constants.W_OK);
  } catch (e) {
    if ((e as { code?: string }).code !== "ENOENT") return `"${path}" is not writable`;
  }
  return null;
}

/** The path of `program` as the OS would run it (PATH search for a bare name), or null when there is none. */
export function findProgram(program: string, env: Record<string, string | undefined> = process.env): string | null {
  const runnable = (p: string) => {
    try {
      return statSync(p).isFile() && (accessSync(p, constants.X_OK), true);
    } catch {
      return false;
    }
  };
  if (program.includes("/") || isAbsolute(program)) return runnable(program) ? program : null;
  const exts = process.platform === "win32" ? (env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";") : [""];
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    for (const ext of exts) if (runnable(join(dir, program + ext))) return join(dir, program + ext);
  }
  return null;
}

/** Quotes a word for a POSIX shell when it needs it. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
