/**
 * SPEC §2.4 F9 "in a standard call each works", §4.5 (voicemail): a call that goes to voicemail is answered by the
 * service, which records the caller's speech and files it in the owner's mailbox (`GET /admin/users/:u/voicemails`);
 * the WAV file decodes to the caller's digits (SPEC §11). Three ways in: the implementation, while its phone rings,
 * sends the call to its voicemail; the implementation sends its partner in a connected call to its voicemail; and the
 * implementation as the caller whose message is recorded (the callee declined, voicemail on in its settings).
 *
 * Broken implementations caught: one that offers voicemail but never sends the request (nothing is recorded); one
 * that, as the caller, treats a call answered by voicemail as failed and hangs up (or sends no media).
 */
import { readFileSync } from "node:fs";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { SpeechDecoder } from "../../../src/media/mod.ts";
import type { Party } from "../../../src/driver/mod.ts";
import { speechFor } from "../../../src/media/mod.ts";
import { parseWav } from "../../../src/processor/wav.ts";
import { CaseFailure, defineCase } from "../../case.ts";
import type { Harness } from "../../harness.ts";
import {
  expectConnected,
  expectFeatureOffered,
  expectIndicatorOff,
  expectPerformed,
  expectTopology,
  expectTrue,
  ROOT_CAUSES,
} from "../../verify.ts";
import { hearEachOther, incomingAt, mailbox, occurrences, recordUntil, ringsAt, settledAt } from "./_features.ts";
import { endsWith } from "./_media.ts";

const REQ = "In a standard call each works (§4.4, §4.5).";

/** Waits until the processor leg of `role` decoded `speech` twice more than `before` times (two whole repetitions). */
async function recorded(
  h: Harness,
  callId: string,
  role: "caller" | "callee",
  speech: string,
  before = 0,
): Promise<void> {
  await recordUntil(
    h,
    callId,
    (r) => occurrences(r.evidence.processor?.[role]?.heard ?? "", speech) >= before + 2,
    `two repetitions of "${speech}" at the ${role}'s processor leg`,
    15_000,
  );
}

/** The mailbox of `owner` holds a message from `from` whose WAV file carries `from`'s speech. */
async function expectMessage(h: Harness, owner: Party, from: Party): Promise<void> {
  const list = await mailbox(h, owner.userId!, 1);
  const m = list[list.length - 1]!;
  expectTrue(
    m.for === owner.userId && m.from === from.userId,
    "The voicemail message is not filed for the right users",
    { for: owner.userId, from: from.userId },
    { for: m.for, from: m.from },
  );
  const bytes = new Uint8Array(readFileSync(m.path));
  expectTrue(
    bytesToHex(sha256(bytes)) === m.sha256,
    "The voicemail file does not match its manifest hash",
    m.sha256,
    bytesToHex(sha256(bytes)),
  );
  const wav = parseWav(bytes);
  const dec = new SpeechDecoder(wav.sampleRate);
  dec.push(wav.samples, wav.sampleRate);
  h.note(`voicemail for ${m.for} from ${m.from}: ${wav.samples.length} samples, heard "${dec.heard.slice(0, 60)}"`);
  const want = speechFor(from.userId!);
  if (!dec.heard.includes(want)) {
    throw new CaseFailure("The voicemail recording does not carry the caller's speech", want, dec.heard.slice(0, 200));
  }
}

const ringing = defineCase({
  id: "feature.voicemail.works-standard",
  clause: "§2.4 F9",
  level: "MUST",
  title: "While its phone rings, the implementation sends the call to voicemail: the caller's message is recorded",
  requirement: REQ,
  tags: ["features", "standard", "F9", "CC10", "call-control", "impl-callee"],
  async run(h) {
    await h.tenant({ users: { alice: {}, bob: {} } });
    const alice = await h.ref("alice");
    const impl = await h.impl("bob");
    const id = await alice.place(impl.userId!);
    h.track(id);
    await ringsAt(h, impl, id, ROOT_CAUSES.standardCall); // SPEC §12.2: set-up, not the check
    await expectPerformed(impl.feature(id, "voicemail"), `The implementation's voicemail request in a standard call`);
    await endsWith(impl, id, "forwarded");
    const s = await settledAt(alice, id, "the caller to reach voicemail");
    expectConnected(s, "The caller (answered by voicemail)");
    const rec = await h.record(id);
    expectTopology(rec, "processor");
    expectTrue(
      rec.voicemail === true,
      "The service's record does not show the call answered by voicemail",
      true,
      rec.voicemail,
    );
    await recorded(h, id, "caller", speechFor(alice.userId!));
    await alice.hangup(id);
    await expectMessage(h, impl, alice);
  },
});

const connected = defineCase({
  id: "feature.voicemail.works-standard-connected",
  clause: "§2.4 F9",
  level: "MUST",
  title: "In a connected standard call the implementation forwards its partner to its voicemail",
  requirement: REQ,
  tags: ["features", "standard", "F9", "CC10", "call-control"],
  async run(h) {
    await h.tenant({ users: { alice: {}, bob: {} } });
    const impl = await h.impl("alice");
    const bob = await h.ref("bob");
    const x = await h.call(impl, bob);
    expectFeatureOffered(x.caller, "voicemail", "The implementation");
    await hearEachOther(h, impl, bob, x.id);
    const speech = speechFor(bob.userId!);
    const before = occurrences((await h.record(x.id)).evidence.processor?.callee?.heard ?? "", speech);
    await expectPerformed(impl.feature(x.id, "voicemail"), `The implementation's voicemail request in a standard call`);
    await endsWith(impl, x.id, "forwarded-to-voicemail");
    expectConnected(await bob.state(x.id), "The partner (forwarded to voicemail)");
    await recorded(h, x.id, "callee", speech, before);
    await bob.hangup(x.id);
    await expectMessage(h, impl, bob);
  },
});

const asCaller = defineCase({
  id: "feature.voicemail.works-standard-caller",
  clause: "§2.4 F9",
  level: "MUST",
  title:
    "The implementation's call to a user who declines (voicemail on) is answered by voicemail and its message recorded",
  requirement: REQ,
  tags: ["features", "standard", "F9", "CC10", "call-control"],
  async run(h) {
    const t = await h.tenant({ users: { alice: {}, bob: {} } });
    await h.admin.callControl(t.id("bob"), { voicemail: true });
    const impl = await h.impl("alice");
    const bob = await h.ref("bob");
    const id = await impl.place(bob.userId!);
    h.track(id);
    const inc = await incomingAt(h, bob);
    await bob.decline(inc.callId);
    const s = await settledAt(impl, id, "the call to reach voicemail");
    expectConnected(s, "The implementation (answered by voicemail)");
    expectIndicatorOff(s, "The implementation (answered by voicemail)");
    expectTrue(
      (await h.record(id)).voicemail === true,
      "The service's record does not show the call answered by voicemail",
      true,
      false,
    );
    await recorded(h, id, "caller", speechFor(impl.userId!));
    await impl.hangup(id);
    await expectMessage(h, bob, impl);
  },
});

export default [ringing, connected, asCaller];
