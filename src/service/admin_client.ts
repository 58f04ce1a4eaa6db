/**
 * HTTP client of the admin API (SPEC §10), used by the `call` demo and the conformance harness.
 */
import { isErrorCode, ShieldCallError } from "../errors.ts";
import type { AdversaryPlan } from "./adversary.ts";
import type { CallRecord } from "./calls.ts";
import type { VoicemailManifest } from "../processor/mod.ts";
import type { ForwarderEvidence } from "./_forward_wiring.ts";
export type { ForwarderEvidence } from "./_forward_wiring.ts";

/** A call record as `GET /admin/calls/:id` returns it: the record plus its media evidence. */
export type CallEvidence = CallRecord & {
  evidence: { relay: RelayEvidence | null; processor: ProcessorEvidence | null; forwarder: ForwarderEvidence | null };
};
/** Relay counters of an E2EE call (SPEC §4.3). */
export interface RelayEvidence {
  forwarded: Record<
    "a_to_b" | "b_to_a",
    { stun: number; dtls: number; srtp: number; other: number; packets: number; bytes: number }
  >;
  dropped: { unknownSource: number; noTarget: number; fault: number };
  certificates: { a: string[]; b: string[] };
  fault: { mode: string; seed: number; actions: unknown[] } | null;
}
/** Processor counters of a call's legs (SPEC §4.4). */
export interface ProcessorEvidence {
  caller: { audioFramesIn: number; videoFramesIn: number; heard: string } | null;
  callee: { audioFramesIn: number; videoFramesIn: number; heard: string } | null;
  bridged: boolean;
}

/** Calls the admin API of one service. */
export class AdminClient {
  constructor(readonly baseUrl: string, readonly token?: string) {}

  /** One request; the service's `{error:{code,message}}` becomes a ShieldCallError with that code. */
  async req<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const res = await fetch(this.baseUrl.replace(/\/$/, "") + path, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
    if (!res.ok) {
      const code = isErrorCode(json?.error?.code) ? json!.error!.code : "INTERNAL";
      throw new ShieldCallError(code as never, json?.error?.message ?? `Admin API answered HTTP ${res.status}`);
    }
    return json as T;
  }

  /** Creates a tenant and sets its global policy when given. */
  async tenant(id: string, global?: "disabled" | "userControlled"): Promise<void> {
    await this.req("POST", "/tenants", { id });
    if (global) await this.req("PUT", `/tenants/${enc(id)}/global`, { value: global });
  }

  /** Creates a custom policy. */
  policy(tenant: string, id: string, value: "disabled" | "userControlled"): Promise<unknown> {
    return this.req("POST", `/tenants/${enc(tenant)}/policies`, { id, value });
  }

  /** Sets a policy's value ("Global" for the tenant's global policy). */
  setPolicy(tenant: string, id: string, value: "disabled" | "userControlled"): Promise<unknown> {
    return id === "Global"
      ? this.req("PUT", `/tenants/${enc(tenant)}/global`, { value })
      : this.req("PUT", `/tenants/${enc(tenant)}/policies/${enc(id)}`, { value });
  }

  /** Creates a user and issues a token; returns the token. */
  async user(tenant: string, id: string, opts: { complianceRecording?: boolean } = {}): Promise<string> {
    await this.req("POST", `/tenants/${enc(tenant)}/users`, { id, ...opts });
    const r = await this.req<{ token: string }>("POST", `/users/${enc(id)}/tokens`, {});
    return r.token;
  }

  /**
   * Creates a tenant whose global policy lets users choose (SPEC §3.3: userControlled), for a demo, an interop run or
   * a bench; resolves with a function that adds a user to it, with its E2EE setting, and returns the user's token.
   */
  async demoTenant(id: string): Promise<(user: string, e2ee?: boolean) => Promise<string>> {
    await this.tenant(id, "userControlled");
    return async (user, e2ee) => {
      const token = await this.user(id, user);
      if (e2ee !== undefined) await this.setting(user, e2ee);
      return token;
    };
  }

  /** Assigns a policy to a user (null removes the assignment). */
  assignUser(user: string, policy: string | null): Promise<unknown> {
    return this.req("PUT", `/users/${enc(user)}/policy`, { policy });
  }

  /** Creates a group with a rank and members, optionally assigning a policy. */
  async group(tenant: string, id: string, rank: number, members: string[], policy?: string | null): Promise<void> {
    await this.req("POST", `/tenants/${enc(tenant)}/groups`, { id, rank });
    for (const m of members) await this.req("POST", `/tenants/${enc(tenant)}/groups/${enc(id)}/members`, { user: m });
    if (policy !== undefined) await this.req("PUT", `/tenants/${enc(tenant)}/groups/${enc(id)}/policy`, { policy });
  }

  /** Sets a user's compliance-recording flag. */
  compliance(user: string, enabled: boolean): Promise<unknown> {
    return this.req("PUT", `/users/${enc(user)}/compliance`, { enabled });
  }

  /** Changes a user's E2EE setting as the user would (refused unless the policy is userControlled). */
  setting(user: string, enabled: boolean): Promise<{ visible: boolean; enabled: boolean }> {
    return this.req("PUT", `/users/${enc(user)}/e2ee`, { enabled });
  }

  /** Reads or changes a user's call-control settings: voicemail and simultaneous ring (SPEC §4.5, F9). */
  callControl(
    user: string,
    patch?: { voicemail?: boolean; simultaneousRing?: string | null },
  ): Promise<{ voicemail: boolean; simultaneousRing: string | null }> {
    return patch === undefined
      ? this.req("GET", `/users/${enc(user)}/callcontrol`)
      : this.req("PUT", `/users/${enc(user)}/callcontrol`, patch);
  }

  /** The voicemail messages of a user's mailbox (SPEC §4.5 CC10). */
  async voicemails(user: string): Promise<VoicemailManifest[]> {
    return (await this.req<{ voicemails: VoicemailManifest[] }>("GET", `/users/${enc(user)}/voicemails`)).voicemails;
  }

  /** Arms an adversary plan for the next call (SPEC §8). */
  adversary(plan: AdversaryPlan): Promise<unknown> {
    return this.req("POST", "/adversary", plan);
  }

  /** The call record with its log and media evidence. */
  call(callId: string): Promise<CallEvidence> {
    return this.req("GET", `/calls/${enc(callId)}`);
  }

  /** Eligibility of a would-be call (SPEC §3.4). */
  eligibility(caller: string, callee: string): Promise<{ e2ee: boolean; reasons: string[] }> {
    return this.req("GET", `/eligibility?caller=${enc(caller)}&callee=${enc(callee)}`);
  }

  /** Per endpoint of a user: frames sent and errors the service answered (SPEC §10, robustness evidence). */
  endpoints(
    user: string,
  ): Promise<
    {
      endpoints: {
        endpointId: string;
        device: string;
        framesIn: number;
        errorsOut: number;
        lastErrors: { type: string | null; code: string }[];
      }[];
    }
  > {
    return this.req("GET", `/users/${enc(user)}/endpoints`);
  }

  /** Revokes one token; the signaling connections it authenticated close with 4401 (SPEC §10, S1). */
  revokeToken(token: string): Promise<{ user: string; closed: number }> {
    return this.req("POST", "/tokens/revoke", { token });
  }

  /** Sends raw frames to every endpoint of a user (robustness cases, SPEC §10). */
  inject(user: string, frames: string[]): Promise<{ endpoints: number; frames: number }> {
    return this.req("POST", `/users/${enc(user)}/inject`, { frames });
  }

  /** Service health. */
  health(): Promise<{ ok: boolean; endpoints: number; liveCalls: number }> {
    return this.req("GET", "/health");
  }
}

function enc(s: string): string {
  return encodeURIComponent(s);
}
