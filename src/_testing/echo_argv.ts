/** A child for src/_testing/child_test.ts: prints its arguments as one JSON line. */
import process from "node:process";

console.log(JSON.stringify(process.argv.slice(2)));
