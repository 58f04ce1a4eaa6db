/**
 * The web client's protocol-3 call steps (SPEC §5, §6.1): the invite's and the accept's `e2ee`, the caller's
 * derivation on `accepted`, the fingerprint checks, key confirmation with its deadline and tag rules, and the media
 * gate (replaceTrack(null) until the peer's tag verified). WebCrypto only (handshake.ts, confirm.ts).
 */
import type { ClientMessage } from "../protocol/mod.ts";
import type { WebCall } from "./call.ts";
import { PeerTagCheck } from "./confirm.ts";
import * as hs from "./handshake.ts";
import { checkChoice, type MediaProfile, sframeFirst, ZERO_FP } from "./profiles.ts";
import type { SFrameMedia } from "./sframe_media.ts";
import { WebError } from "./signaling.ts";

/** SPEC §5.1: the versions this client offers and speaks. */
export const VERSIONS = [3];
/** SPEC §5.9: the peer's tag must verify within this long after this side sent its own. */
export const CONFIRM_DEADLINE_MS = 10_000;
const TAG = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;

/** What the steps need from the client. */
export interface E2eeHost {
  send(m: ClientMessage): void;
  changed(c: WebCall): void;
  failClosed(c: WebCall, e: unknown): void;
  /** SPEC §13.11: the client's SFrame worker (absent where the browser has none). */
  sframe?: SFrameMedia;
}

/**
 * SPEC §5.2: the invite's e2ee — the commitment over the versions, pkA and the offer's fingerprint; SPEC §13.10:
 * and over `c.profiles` when the caller offers any (then also sent), with a zero fpA when SFrame comes first.
 */
export async function inviteFields(
  c: WebCall,
  offerSdp: string,
): Promise<{ commit: string; versions: number[]; profiles?: MediaProfile[] }> {
  c.keys = await hs.generateKeyPair();
  // SPEC §13.10: an SFrame-first offer commits to 32 zero bytes instead of a certificate's fingerprint
  c.fpA = sframeFirst(c.profiles) ? undefined : hs.fingerprintFromSdp(offerSdp);
  c.versions = [...VERSIONS];
  c.commit = await hs.commitment(c.callId, c.versions, c.keys.publicKey, fpBytes(c.fpA), c.profiles);
  const out = { commit: hs.b64uEncode(c.commit), versions: c.versions };
  return c.profiles ? { ...out, profiles: [...c.profiles] } : out;
}

/** SPEC §13.10: a bound fingerprint, or 32 zero bytes in the SFrame profile (no certificate is end to end). */
function fpBytes(fp: string | undefined): Uint8Array {
  return fp === undefined ? ZERO_FP : hs.fingerprintBytes(fp);
}

/**
 * SPEC §6.1 (callee): the accept's e2ee; the certificate's fingerprint read from an offer that is never applied, or
 * zero in the SFrame profile, and SPEC §13.10 the chosen `c.profile` when profiles were offered.
 */
export async function acceptFields(
  c: WebCall,
): Promise<{ pk: string; fp: string; version: number; profile?: MediaProfile }> {
  const common = (c.versions ?? []).filter((v) => VERSIONS.includes(v));
  // SPEC §5.2: the highest offered version this side speaks
  if (common.length === 0) throw new WebError("E2EE_BAD_VERSION", "No offered version is spoken here");
  c.version = common[common.length - 1]!;
  c.keys = await hs.generateKeyPair();
  // SPEC §13.10: in the SFrame profile fpB is 32 zero bytes (43 `A`s on the wire)
  c.fpB = c.profile === "sframe" ? undefined : hs.fingerprintFromSdp((await c.pc!.createOffer()).sdp ?? "");
  const out = { pk: hs.b64uEncode(c.keys.publicKey), fp: hs.b64uEncode(fpBytes(c.fpB)), version: c.version };
  // SPEC §13.10: a callee that received no profiles omits its choice
  return c.profiles ? { ...out, profile: c.profile ?? "dtls-srtp" } : out;
}

/**
 * SPEC §6.1 (caller, relay or forwarder `accepted`): version, profile and pkB checked, keys derived, then `reveal`
 * and `confirm`.
 */
export async function callerAccepted(
  h: E2eeHost,
  c: WebCall,
  e: { pk: string; fp: string; version: number; profile?: MediaProfile } | undefined,
  topology: "relay" | "forwarder",
): Promise<void> {
  // SPEC §6.1, §13.11: a relay or forwarder call is only ever E2EE
  if (!e || !c.keys) throw new WebError("E2EE_BAD_INPUT", `A ${topology} call without a complete E2EE handshake`);
  // SPEC §13.10: the accepted profile must be an offered one, and the topology the profile's, before any reveal
  c.profile = checkChoice(c.profiles, e.profile);
  if ((c.profile === "sframe") !== (topology === "forwarder")) {
    throw new WebError("E2EE_BAD_PROFILE", `A ${topology} call for the "${c.profile}" profile`);
  }
  c.pkB = hs.b64uDecode(e.pk);
  // SPEC §5.7 normal form; SPEC §13.10: no certificate is bound in the SFrame profile
  c.fpB = c.profile === "sframe" ? undefined : [...hs.b64uDecode(e.fp)].map(hex).join(":");
  c.version = e.version;
  // SPEC §5.2, §5.3: E2EE_BAD_VERSION and E2EE_LOW_ORDER_KEY (in derive) before any reveal
  const f = fields(c, c.keys.publicKey);
  c.derived = await unbound(h, f, await hs.derive("caller", c.keys.privateKey, f));
  if (c.profile === "sframe") sframeKeys(h, c, c.derived);
  h.send({ type: "reveal", callId: c.callId, pk: hs.b64uEncode(c.keys.publicKey) });
  sendConfirm(h, c);
}

/**
 * SPEC §6.1 (callee): after the commitment check (in derive) and before the answer leaves; SPEC §13.11: in the
 * SFrame profile on `reveal` (no offer of the caller reaches it), the keys then handed to the worker.
 */
export async function calleeDerive(h: E2eeHost, c: WebCall, offerSdp?: string): Promise<void> {
  c.fpA = c.profile === "sframe" ? undefined : hs.fingerprintFromSdp(offerSdp ?? "");
  const f = fields(c, c.revealedPk!);
  c.derived = await unbound(h, f, await hs.derive("callee", c.keys!.privateKey, f));
  if (c.profile === "sframe") sframeKeys(h, c, c.derived);
}

/**
 * Mutant sframe-number-unbound (./mutants.ts, SPEC §12.7): the number from the transcript without the profiles; the
 * keys and tags keep them. The clean client returns `d` as derived.
 */
async function unbound(h: E2eeHost, f: hs.Fields, d: hs.Derived): Promise<hs.Derived> {
  if (h.sframe?.mutant !== "sframe-number-unbound" || f.profiles === undefined) return d;
  const { profiles: _offered, profile: _chosen, ...without } = f;
  const okm = (await hs.keySchedule(d.sharedSecret, await hs.sha256(hs.transcript(without)))).okm;
  const number = hs.numberFromOkm(okm);
  return { ...d, number, display: hs.displayNumber(number) };
}

/** SPEC §13.3: the call's base keys to the SFrame worker. */
function sframeKeys(h: E2eeHost, c: WebCall, d: hs.Derived): void {
  h.sframe?.keys(c.callId, c.role, d);
  // mutant sframe-gate-off (./mutants.ts, SPEC §12.7): the tracks open with the keys, before the peer's tag verified
  if (h.sframe?.mutant === "sframe-gate-off") void gate(c, true);
}

/** SPEC §6.1: a description's fingerprint must be the bound one. @throws WebError E2EE_FINGERPRINT_MISMATCH */
export function checkFingerprint(bound: string | undefined, sdp: string): void {
  if (hs.fingerprintFromSdp(sdp) !== bound) {
    throw new WebError("E2EE_FINGERPRINT_MISMATCH", "A description's fingerprint differs from the bound one");
  }
}

function fields(c: WebCall, pkA: Uint8Array): hs.Fields {
  const caller = c.role === "caller";
  return {
    callId: c.callId,
    callerId: c.callerId,
    calleeId: c.calleeId,
    versions: c.versions!,
    version: c.version!,
    commit: c.commit!,
    pkA,
    fpA: fpBytes(c.fpA),
    pkB: caller ? c.pkB! : c.keys!.publicKey,
    fpB: fpBytes(c.fpB),
    // SPEC §13.10: bound only when offered
    ...(c.profiles ? { profiles: c.profiles, profile: c.profile } : {}),
  };
}

/** SPEC §5.9: sends this side's tag once, arms the deadline, checks a peer tag that came first. */
export function sendConfirm(h: E2eeHost, c: WebCall): void {
  const d = c.derived;
  if (!d || c.confirmSent || c.state === "ended") return;
  c.confirmSent = true;
  h.send({ type: "confirm", callId: c.callId, tag: hs.b64uEncode(c.role === "caller" ? d.tagA : d.tagB) });
  c.timers.add(setTimeout(() => {
    if (c.state !== "ended" && c.number === undefined) {
      h.failClosed(c, new WebError("E2EE_CONFIRM_FAILED", "No verified key confirmation in time"));
    }
  }, CONFIRM_DEADLINE_MS));
  if (c.peerTag) void verify(h, c, c.peerTag);
}

/** SPEC §6 `confirm`: ignored without a handshake; malformed, second or wrong → E2EE_CONFIRM_FAILED. */
export async function onConfirm(h: E2eeHost, c: WebCall, tag: string): Promise<void> {
  if (c.state === "ended" || c.topology === "processor" || !c.keys) return;
  if (c.confirmSeen) throw new WebError("E2EE_CONFIRM_FAILED", "A second key confirmation arrived");
  c.confirmSeen = true;
  if (!TAG.test(tag)) throw new WebError("E2EE_CONFIRM_FAILED", "The key confirmation is malformed");
  const bytes = hs.b64uDecode(tag);
  if (!c.derived || !c.confirmSent) {
    c.peerTag = bytes; // SPEC §5.9: checked once the keys are derived
    return;
  }
  await verify(h, c, bytes);
}

async function verify(h: E2eeHost, c: WebCall, tag: Uint8Array): Promise<void> {
  c.peerTag = undefined;
  try {
    await new PeerTagCheck(c.role, c.derived!).check(tag);
  } catch (e) {
    return h.failClosed(c, e);
  }
  c.number = c.derived!.number;
  openSFrame(h, c);
  await gate(c, true);
  h.changed(c);
}

/**
 * SPEC §13.10: in the SFrame profile the worker seals frames only once the peer's tag verified, and (so that no
 * frame waits in the sender while the leg connects, and frames leave in CTR order, SPEC §13.4) the leg is connected.
 */
export function openSFrame(h: E2eeHost, c: WebCall): void {
  if (c.profile !== "sframe" || c.topology !== "forwarder" || c.number === undefined) return;
  if (c.pc?.connectionState === "connected") h.sframe?.open(c.callId);
}

/** SPEC §5.9: the media gate — each outgoing track held back (replaceTrack(null)) until opened. */
export async function gate(c: WebCall, open: boolean): Promise<void> {
  for (const s of c.senders ?? []) await s.sender.replaceTrack(open ? s.track : null);
}

function hex(b: number): string {
  return b.toString(16).padStart(2, "0").toUpperCase();
}
