import assert from "node:assert/strict";
import { test } from "node:test";
import { applies, caseProfile, isProfileSkip, profileSkipReason } from "./profiles.ts";
import { exitWhy } from "./reporters/_exit.ts";
import { sampleRun } from "./reporters/_testing/sample.ts";

test("a case applies when the adapter declares its profile; absent profile means dtls-srtp (SPEC §7)", () => {
  assert.equal(caseProfile({}), "dtls-srtp");
  assert.equal(applies({}, ["dtls-srtp"]), true);
  assert.equal(applies({ profile: "sframe" }, ["dtls-srtp"]), false);
  assert.equal(applies({ profile: "sframe" }, ["dtls-srtp", "sframe"]), true);
});

test("only the fixed reason of the case's own profile marks a profile skip (SPEC §7)", () => {
  const reason = profileSkipReason("sframe");
  assert.equal(reason, "unsupported: the adapter does not declare the sframe profile");
  assert.equal(isProfileSkip({ verdict: "skip", reason, profile: "sframe" }), true);
  // controls: another skip, a case without a profile, another verdict
  assert.equal(isProfileSkip({ verdict: "skip", reason: "The adapter does not support x", profile: "sframe" }), false);
  assert.equal(isProfileSkip({ verdict: "skip", reason }), false);
  assert.equal(isProfileSkip({ verdict: "fail", reason, profile: "sframe" }), false);
});

test("exitWhy names the profile skips, and a run where nothing applied says so (SPEC §12.5)", () => {
  const run = sampleRun();
  run.exitCode = 0;
  run.summary.knownFailures = 0;
  run.summary.profileSkipped = 3;
  assert.match(exitWhy(run), /every selected MUST case passed \(3 cases of a profile the adapter does not declare/);
  run.exitCode = 1;
  run.summary.mustFailed = 0;
  run.summary.unexpectedPasses = [];
  run.summary.unstable = [];
  run.summary.skip = 3;
  run.summary.total = 3;
  run.incomplete = null;
  run.sanity.before = null;
  const why = exitWhy(run);
  assert.match(why, /nothing was tested/);
  assert.doesNotMatch(why, /a skipped MUST case is not a pass/, "profile skips are not counted as plain skips");
});
