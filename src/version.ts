/**
 * The version of ShieldCall, in one place for the code: a plain constant, so Node (tsx), Deno and the esbuild
 * bundle read it alike. package.json is the source of truth; src/version_test.ts fails when the two differ.
 */

/** The package version (package.json "version"). */
export const VERSION = "0.3.0";
