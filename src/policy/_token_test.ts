import { test } from "node:test";
import assert from "node:assert/strict";
import { base64url, constantTimeEqual, randomToken } from "./_token.ts";
import { TOKEN_PATTERN } from "./_validate.ts";

test("base64url() matches RFC 4648 §10 test vectors without padding", () => {
  const enc = (s: string) => base64url(new TextEncoder().encode(s));
  assert.equal(enc(""), "");
  assert.equal(enc("f"), "Zg");
  assert.equal(enc("fo"), "Zm8");
  assert.equal(enc("foo"), "Zm9v");
  assert.equal(enc("foob"), "Zm9vYg");
  assert.equal(enc("fooba"), "Zm9vYmE");
  assert.equal(enc("foobar"), "Zm9vYmFy");
  assert.equal(base64url(new Uint8Array([0xfb, 0xff])), "-_8");
});

test("randomToken() returns distinct 43-character tokens that pass TOKEN_PATTERN", () => {
  const a = randomToken();
  const b = randomToken();
  assert.equal(a.length, 43);
  assert.match(a, TOKEN_PATTERN);
  assert.notEqual(a, b);
});

test("constantTimeEqual() is true only for identical strings", () => {
  assert.equal(constantTimeEqual("secret-token", "secret-token"), true);
  assert.equal(constantTimeEqual("secret-tokem", "secret-token"), false);
  assert.equal(constantTimeEqual("secret-toke", "secret-token"), false);
  assert.equal(constantTimeEqual("secret-token-x", "secret-token"), false);
  assert.equal(constantTimeEqual("", "secret-token"), false);
  assert.equal(constantTimeEqual("Secret-token", "secret-token"), false);
  // A prefix padded with NUL must not match (the missing characters compare as 0).
  assert.equal(constantTimeEqual("abc", "abc\u0000"), false);
});
