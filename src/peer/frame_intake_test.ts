/**
 * The frame-intake seam (SPEC §6, S2): the reference ignores every kind of bad service frame, and each intake mutant
 * admits exactly the kind it was written for (one fault each), so the robustness.inject.* case of that kind can kill it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { admitFrame } from "./frame_intake.ts";
import { findMutant } from "./mutants.ts";
import { ReferencePeer } from "./peer.ts";
import { strategiesFor } from "./strategies.ts";

const ended = { type: "ended", callId: "c-1", reason: "hangup" };
const j = (o: unknown) => JSON.stringify(o);
const bytes = (s: string) => new TextEncoder().encode(s);

/** One sample frame per kind, as bytes like the WebSocket delivers them. */
const SAMPLES: Record<string, Uint8Array> = {
  bom: bytes("\uFEFF" + j(ended)),
  multibyte: bytes(j({ type: "event", callId: "c-1", name: "peer-changed", data: { pad: "é".repeat(33_000) } })),
  oversized: bytes(j(ended) + " ".repeat(200 * 1024)),
  truncated: bytes(j(ended).slice(0, -1)),
  array: bytes(j([ended])),
  caseType: bytes(j({ ...ended, type: "Ended" })),
  extra: bytes(j({ ...ended, extra: 1 })),
  wrongType: bytes(j({ ...ended, reason: 42 })),
};

/** Which samples each intake mutant admits. */
const ADMITS: Record<string, string[]> = {
  "bom-stripped": ["bom"],
  "size-in-chars": ["multibyte"],
  "size-unchecked": ["multibyte", "oversized"],
  "json-repaired": ["truncated"],
  "array-unwrapped": ["array"],
  "type-case-insensitive": ["caseType"],
  "extra-property-accepted": ["extra"],
  "type-coerced": ["wrongType"],
};

test("the reference intake ignores every sample, with the code SPEC §6 gives its step, and admits a valid frame", () => {
  const codes = Object.fromEntries(
    Object.entries(SAMPLES).map(([k, f]) => {
      const r = admitFrame(f);
      return [k, r.ok ? "admitted" : r.error.code];
    }),
  );
  assert.deepEqual(codes, {
    bom: "PROTO_PARSE",
    multibyte: "PROTO_TOO_LARGE",
    oversized: "PROTO_TOO_LARGE",
    truncated: "PROTO_PARSE",
    array: "PROTO_INVALID",
    caseType: "PROTO_UNKNOWN_TYPE",
    extra: "PROTO_INVALID",
    wrongType: "PROTO_INVALID",
  });
  assert.deepEqual(admitFrame(bytes(j(ended))), { ok: true, msg: ended });
});

test("each intake mutant admits exactly its own kind of bad frame", () => {
  const peer = new ReferencePeer({ serviceUrl: "ws://127.0.0.1:1/signal", token: "t" });
  for (const [id, kinds] of Object.entries(ADMITS)) {
    const intake = strategiesFor(peer, findMutant(id)!.variant).frameIntake;
    const admitted = Object.entries(SAMPLES).filter(([, f]) => intake(f).ok).map(([k]) => k);
    assert.deepEqual(admitted, kinds, id);
    assert.deepEqual(intake(bytes(j(ended))), { ok: true, msg: ended }, `${id} still admits a valid frame`);
  }
});
