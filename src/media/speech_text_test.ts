import { test } from "node:test";
import assert from "node:assert/strict";
import { speechFor } from "./speech_text.ts";
import { DTMF_ALPHABET } from "./_dtmf.ts";

test("speechFor() derives six stable digits that differ between users", () => {
  assert.match(speechFor("alice"), /^[0-9]{6}$/);
  assert.equal(speechFor("alice"), speechFor("alice"));
  assert.notEqual(speechFor("alice"), speechFor("bob"));
  for (const ch of speechFor("carol")) assert.ok(DTMF_ALPHABET.includes(ch));
});

test('speechFor() is SHA-256 of "ShieldCall speech <userId>", each of the first six bytes mod 10 (checked with WebCrypto)', async () => {
  for (const user of ["alice", "bob", "ü-user"]) {
    const h = new Uint8Array(
      await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`ShieldCall speech ${user}`)),
    );
    assert.equal(speechFor(user), [...h.subarray(0, 6)].map((b) => b % 10).join(""));
  }
});
