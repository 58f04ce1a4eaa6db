/**
 * The environment the implementation's adapter starts with (SPEC §12.4): the user's environment minus every variable
 * the runner uses internally, so an implementation that is itself a build of ShieldCall (a fork, another version, a
 * patched copy) runs its own code, not the runner's.
 */

/**
 * Variables the runner uses and the implementation must not inherit: every `SHIELDCALL_*` but `SHIELDCALL_CHROMIUM`
 * (among them the pinned bundle path `SHIELDCALL_BUNDLE_PINNED` that bin/shieldcall.js sets for the runner's own
 * processes, and the runner's knobs `SHIELDCALL_NO_BUNDLE`, `SHIELDCALL_NO_REUSE`, `SHIELDCALL_PROCESSOR_WORKERS`);
 * the TypeScript loader's `TSX_*`; Node's IPC and cluster wiring (`NODE_CHANNEL_*`, `NODE_UNIQUE_ID`).
 */
export const RUNNER_VARIABLES: readonly RegExp[] = [
  /^SHIELDCALL_(?!CHROMIUM$)/,
  /^TSX_/,
  /^NODE_CHANNEL_/,
  /^NODE_UNIQUE_ID$/,
];

/** `--import tsx`, `--loader tsx`, `--require tsx/cjs` and the like in NODE_OPTIONS: the runner's loader. */
const TSX_OPTION = /(?:^|\s)--(?:import|loader|experimental-loader|require|r)(?:=|\s+)["']?tsx[^\s"']*["']?/g;

/**
 * Overrides for the adapter's environment: each runner variable present in `env` mapped to undefined (child_process
 * leaves undefined entries out), and NODE_OPTIONS without the runner's loader. Merged over the environment.
 */
export function implEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const k of Object.keys(env)) if (RUNNER_VARIABLES.some((r) => r.test(k))) out[k] = undefined;
  const opts = env.NODE_OPTIONS;
  if (opts !== undefined && TSX_OPTION.test(opts)) {
    const rest = opts.replace(TSX_OPTION, " ").trim();
    out.NODE_OPTIONS = rest === "" ? undefined : rest;
  }
  return out;
}
