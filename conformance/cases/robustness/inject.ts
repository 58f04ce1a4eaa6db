/**
 * Robustness of the endpoint against bad service frames (SPEC §2.5 S2, §6): while an E2EE call is up, the service
 * pushes malformed or out-of-state frames to the implementation's endpoint (admin inject, SPEC §10). The
 * implementation MUST keep answering the driver, and the live call MUST NOT change: still connected, indicator
 * on, same number, same peer, media still flowing. One case per kind of bad input and role (the caller's ids carry no
 * role suffix, the callee's end in `.callee`). Mutants of the frame-intake seam (src/peer/frame_intake.ts) each admit
 * one kind.
 */
import { defineCase } from "../../case.ts";
import type { Case } from "../../case.ts";
import { isShieldCallError } from "../../../src/errors.ts";
import {
  expectE2eeUnchanged,
  expectResponsive,
  expectTrue,
  precondition,
  preconditionSync,
  ROOT_CAUSES,
} from "../../verify.ts";
import { type As, e2eeCall, moreAudio, ROLES, roleTag } from "../_roles.ts";

/** What a frame builder knows: the live call's id and its parties. */
interface Ctx {
  callId: string;
  self: string;
  peer: string;
  /** A well-formed call id of no call the implementation knows. */
  otherId: string;
}

const j = (o: unknown) => JSON.stringify(o);
const PK = "q0aVQuMnAOJ6HNKt2HCfX2cPxZbGXC7pJfEuN1Nx3sQ"; // 32 bytes, canonical base64url (SPEC §6)

/** A kind of bad input; `roles` limits it to the roles it makes sense for (default both). */
interface Kind {
  name: string;
  title: string;
  catches: string;
  frames: (c: Ctx) => string[];
  skipTooLarge?: boolean;
  roles?: As[];
}

const KINDS: Kind[] = [
  {
    name: "not-json",
    title: "frames that are not JSON",
    catches: "an endpoint whose message loop throws on a parse error and dies or drops the call",
    frames: (
      c,
    ) => ["{", "not json at all", "\u0000\u0001\u0002", `{"type":"ended","callId":"${c.callId}","reason":"hangup"`],
  },
  {
    name: "bom-prefixed",
    title: "an otherwise valid `ended` for the live call preceded by a UTF-8 byte order mark",
    catches: "an endpoint that strips a BOM before parsing (SPEC §6: a BOM is not stripped, the frame is " +
      "PROTO_PARSE) and so acts on the `ended`",
    frames: (c) => ["\uFEFF" + j({ type: "ended", callId: c.callId, reason: "hangup", by: c.peer })],
  },
  {
    name: "not-an-object",
    title: "JSON that is not a message object (null, numbers, arrays, no string type)",
    catches: "an endpoint that reads fields of null, or unwraps an array holding an `ended` for the live call",
    frames: (
      c,
    ) => [
      "null",
      "42",
      '"ended"',
      "{}",
      j({ type: 7, callId: c.callId }),
      j([{ type: "ended", callId: c.callId, reason: "hangup" }]),
    ],
  },
  {
    name: "unknown-type",
    title: "messages of unknown types naming the live call",
    catches: "an endpoint that treats any unknown message for a call as its end, or matches types case-insensitively",
    frames: (
      c,
    ) => [
      j({ type: "hangup", callId: c.callId }),
      j({ type: "Ended", callId: c.callId, reason: "hangup" }),
      j({ type: "end", callId: c.callId }),
      j({ type: "x-vendor-extension", callId: c.callId, data: {} }),
    ],
  },
  {
    name: "ended-unknown-call",
    title: "a valid-looking `ended` for a call id the implementation does not know",
    catches: "an endpoint that ends its live call on any `ended` (or on an `ended` carrying a handshake code) " +
      "without matching the call id",
    frames: (c) => [
      j({ type: "ended", callId: c.otherId, reason: "hangup", by: c.peer }),
      j({
        type: "ended",
        callId: c.otherId,
        reason: "E2EE_COMMITMENT_MISMATCH",
        code: "E2EE_COMMITMENT_MISMATCH",
        by: c.peer,
      }),
    ],
  },
  {
    name: "accepted-other-call",
    title: "an `accepted` for another call",
    catches:
      "an endpoint that applies an `accepted` to its live call whatever the call id (switching topology or features)",
    frames: (c) => [
      j({ type: "accepted", callId: c.otherId, topology: "processor", features: ["recording", "transcription"] }),
      j({
        type: "accepted",
        callId: c.otherId,
        topology: "relay",
        e2ee: { pk: PK, fp: PK, version: 3 },
        features: [],
      }),
    ],
  },
  {
    name: "reveal-out-of-state",
    title: "a `reveal` for the live call sent to its caller",
    catches: "a caller that accepts a reveal (only the callee receives one) and re-derives or drops its number",
    frames: (c) => [j({ type: "reveal", callId: c.callId, pk: PK })],
    roles: ["caller"],
  },
  {
    name: "oversized",
    title: "a 200 KB frame (an otherwise valid `ended` for the live call, padded with JSON whitespace)",
    catches: "an endpoint that does not enforce the 65536-byte frame limit and acts on the oversized `ended`",
    frames: (c) => [j({ type: "ended", callId: c.callId, reason: "hangup", by: c.peer }) + " ".repeat(200 * 1024)],
    skipTooLarge: true,
  },
  {
    name: "wrong-field-types",
    title: "messages for the live call with fields of the wrong type",
    catches: "an endpoint that acts on a message without checking its schema (ending the call on an `ended` whose " +
      "reason is a number, or whose callId is an array that stringifies to the id)",
    frames: (c) => [
      j({ type: "ended", callId: c.callId, reason: 42 }),
      j({ type: "ended", callId: [c.callId], reason: "hangup" }),
      j({ type: "ended", callId: c.callId, reason: "hangup", by: 7 }),
      j({ type: "ended", callId: c.callId, reason: "hangup", code: 13 }),
      j({ type: "accepted", callId: c.callId, topology: "processor", features: "recording" }),
      j({ type: "sdp", callId: c.callId, description: "v=0" }),
    ],
  },
  {
    name: "multibyte-between-limits",
    title: "an `event` moving the live call to another peer, padded with multi-byte text: at most 65536 " +
      "characters but over 65536 UTF-8 bytes",
    catches: "an endpoint that counts the 65536-byte frame limit in characters (SPEC §6: counted in UTF-8 bytes) " +
      "and so applies the oversized `event`",
    frames: (c) => [
      j({ type: "event", callId: c.callId, name: "peer-changed", data: { peer: "mallory", pad: "é".repeat(33_000) } }),
      j({
        type: "event",
        callId: c.callId,
        name: "peer-changed",
        data: { peer: "mallory", pad: "😀".repeat(20_000) },
      }),
    ],
  },
  {
    name: "extra-property",
    title: "otherwise valid messages for the live call, each with one unknown extra property",
    catches: "an endpoint that accepts a service message with a property its closed schema does not list (SPEC §6: " +
      "schemas are closed) and acts on the `ended`",
    frames: (c) => [
      j({ type: "ended", callId: c.callId, reason: "hangup", by: c.peer, extra: 1 }),
      j({ type: "event", callId: c.callId, name: "peer-changed", data: { peer: "mallory" }, note: "x" }),
    ],
  },
];

const cases: Case[] = ROLES.flatMap((as) =>
  KINDS.filter((k) => (k.roles ?? ROLES).includes(as)).map((k) => ({ k, as }))
)
  .map(({ k, as }) =>
    defineCase({
      // The caller variants keep their first ids; the callee variants end in `.callee`.
      id: `robustness.inject.${k.name}${as === "callee" ? ".callee" : ""}`,
      clause: "§2.5 S2",
      level: "MUST",
      title: `Bad service frames during an E2EE call change nothing (implementation as ${as}): ${k.title}`,
      requirement:
        "Endpoint side (S2): an endpoint that receives a service frame it rejects (too large, not JSON, not " +
        "a message object, unknown type, schema, unknown call, or out of state) MUST ignore it: it " +
        "changes nothing and sends nothing in reply.",
      tags: ["robustness", "e2ee", roleTag(as)],
      async run(h) {
        // Catches: see `catches` of each kind (also stated in the title of a failure).
        h.note(`Catches ${k.catches}`);
        const { impl, ref, call } = await e2eeCall(h, as);
        // SPEC §12.2: set-up, not the check: media flows before the bad frames.
        const before = await precondition(ROOT_CAUSES.media, async () => ({
          impl: await moreAudio(impl, call.id),
          ref: await ref.state(call.id),
        }));
        const ctx: Ctx = { callId: call.id, self: impl.userId!, peer: ref.userId!, otherId: "Zz0unknownCallId000000" };
        // SPEC §6 (endpoint side), §10: what the implementation's endpoint sent, and what the service refused of it.
        const traffic = async () => (await h.admin.endpoints(impl.userId!)).endpoints[0] ?? null;
        const t0 = await traffic();
        let sent: { endpoints: number };
        try {
          sent = await h.admin.inject(impl.userId!, k.frames(ctx));
        } catch (e) {
          if (k.skipTooLarge && isShieldCallError(e) && e.code === "PROTO_TOO_LARGE") {
            h.skip(`The service cannot inject a frame this large (its admin API refused the request: ${e.message})`);
          }
          throw e;
        }
        preconditionSync(ROOT_CAUSES.service, () =>
          expectTrue(
            sent.endpoints === 1,
            "The service did not reach the implementation's endpoint",
            1,
            sent.endpoints,
          ));
        await expectResponsive(impl, "The implementation");
        // A request over the same signaling connection: its reply comes after the injected frames.
        await impl.settings();
        const after = await moreAudio(impl, call.id);
        expectE2eeUnchanged(before, { impl: after, ref: await ref.state(call.id) }, "after the bad frames");
        expectTrue(
          after.peer === before.impl.peer && JSON.stringify(after.members) === JSON.stringify(before.impl.members),
          "After the bad frames, the implementation names another peer in the call",
          { peer: before.impl.peer, members: before.impl.members },
          { peer: after.peer, members: after.members },
        );
        // It sent nothing the service had to refuse: no made-up reply, no hangup of a call it does not have, no echo.
        const t1 = await traffic();
        preconditionSync(ROOT_CAUSES.evidence, () =>
          expectTrue(
            t0 !== null && t1 !== null,
            "The service has no traffic record of the implementation's endpoint",
            "a record",
            { t0, t1 },
          ));
        const refused = t1!.lastErrors.slice(Math.max(0, t1!.lastErrors.length - (t1!.errorsOut - t0!.errorsOut)));
        expectTrue(
          t1!.errorsOut === t0!.errorsOut,
          "The implementation answered the bad frames with messages the service refused",
          "no refused frame from the implementation",
          refused,
        );
      },
    })
  );

export default cases;
