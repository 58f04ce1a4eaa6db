/**
 * The per-case harness (SPEC §12): a fresh tenant on the shared service, the implementation's adapter and reference
 * counterparts as the case needs them, call helpers, and the evidence every case carries (SPEC §12.3).
 */
import { Party } from "../src/driver/mod.ts";
import type { CallState, MediaProfile } from "../src/protocol/mod.ts";
import type { AdminClient, CallEvidence } from "../src/service/mod.ts";
import { CaseFailure, CaseInfo, CaseSkip } from "./case.ts";
import type { Evidence } from "./results.ts";
import { type AdapterPool, adapterPool, type Lease } from "./pool.ts";
import type { ServiceProcess } from "./service_proc.ts";

/** A policy value. */
export type PolicyValue = "disabled" | "userControlled";

/** How a case wants one user set up. */
export interface UserSpec {
  /** A user-assigned policy; absent: the user falls back to groups / the tenant's global policy. */
  policy?: PolicyValue;
  /** The user's stored E2EE setting (set while allowed, so it stays stored even if the policy later hides it). */
  e2ee?: boolean;
  compliance?: boolean;
}

/** A tenant created for one case; `id(name)` maps the case's short names to real user ids. */
export interface TenantHandle {
  tenantId: string;
  id(name: string): string;
  token(name: string): string;
}

/** What the runner hands a harness. */
export interface HarnessOptions {
  service: ServiceProcess;
  implCommand: string[];
  refCommand: string[];
  /** Unique per case run: namespaces tenants and users. */
  tag: string;
  seed: number;
  requestTimeoutMs?: number;
  /** Environment overrides of the implementation's adapters (SPEC §12.4: the runner's own variables removed). */
  implEnv?: Record<string, string | undefined>;
  /**
   * Where parties come from and go back to (SPEC §7 `reset`); default the process-wide pool, null: a fresh process
   * each.
   */
  pool?: AdapterPool | null;
}

/** A call placed by `Harness.call()`. */
export interface CallHandle {
  id: string;
  caller: CallState;
  callee: CallState;
}

const shown = (s: CallState) =>
  s.state === "ended" ||
  (s.state === "connected" && (s.topology === "processor" || s.topology === null || s.e2ee.indicator));

/** Everything a case can do. */
export class Harness {
  readonly evidence: Evidence = { drivers: [], calls: [], adversary: null, timings: {}, notes: [] };
  readonly admin: AdminClient;
  readonly seed: number;
  readonly #o: HarnessOptions;
  readonly #parties: { role: string; party: Party; lease: Lease | null }[] = [];
  #aborted = false;
  readonly #callIds = new Set<string>();
  #tenant: TenantHandle | null = null;
  #seq = 0;

  constructor(o: HarnessOptions) {
    this.#o = o;
    this.admin = o.service.admin;
    this.seed = o.seed;
  }

  /** The signaling URL of the service. */
  get serviceUrl(): string {
    return this.#o.service.signalUrl;
  }

  /**
   * Creates the case's tenant (global policy `userControlled` unless given; "as-created" keeps P1's default) and its
   * users.
   */
  async tenant(
    spec: {
      global?: PolicyValue | "as-created";
      users: Record<string, UserSpec>;
      groups?: { id: string; rank: number; members: string[]; policy: PolicyValue | null }[];
    },
  ): Promise<TenantHandle> {
    const tenantId = `t-${this.#o.tag}`;
    const ids: Record<string, string> = {};
    const tokens: Record<string, string> = {};
    await this.admin.tenant(tenantId);
    await this.admin.policy(tenantId, "allow", "userControlled");
    await this.admin.policy(tenantId, "deny", "disabled");
    for (const [name, u] of Object.entries(spec.users)) {
      const id = `${name}-${this.#o.tag}`;
      ids[name] = id;
      tokens[name] = await this.admin.user(tenantId, id);
      if (u.e2ee) {
        await this.admin.assignUser(id, "allow");
        await this.admin.setting(id, true);
      }
      await this.admin.assignUser(id, u.policy === undefined ? null : u.policy === "userControlled" ? "allow" : "deny");
      if (u.compliance) await this.admin.compliance(id, true);
    }
    for (const g of spec.groups ?? []) {
      const policy = g.policy === null ? null : g.policy === "userControlled" ? "allow" : "deny";
      await this.admin.group(tenantId, g.id, g.rank, g.members.map((m) => ids[m] ?? m), policy);
    }
    // The tenant is created as a new tenant is (global `disabled`, P1); "as-created" leaves it so.
    const global = spec.global ?? "userControlled";
    if (global !== "as-created") await this.admin.setPolicy(tenantId, "Global", global);
    this.#tenant = {
      tenantId,
      id: (n) => ids[n] ?? fail(`Unknown user "${n}" in this case's tenant`),
      token: (n) => tokens[n] ?? fail(`Unknown user "${n}" in this case's tenant`),
    };
    return this.#tenant;
  }

  /** The implementation under test, configured as user `name`. */
  impl(name: string, opts: { device?: string } = {}): Promise<Party> {
    const role = `impl:${name}${opts.device ? `/${opts.device}` : ""}`;
    return this.#party(role, this.#o.implCommand, name, opts.device, this.#o.implEnv);
  }

  /**
   * A reference counterpart, configured as user `name`; `protocol: 2` makes it authenticate as an older endpoint
   * (SPEC §8 version floor: a case that mixes versions).
   */
  ref(name: string, opts: { device?: string; protocol?: 2 } = {}): Promise<Party> {
    const role = `ref:${name}${opts.device ? `/${opts.device}` : ""}${opts.protocol ? `@v${opts.protocol}` : ""}`;
    // `shieldcall peer --protocol N` (test-only); its own command, so a pooled adapter never carries it elsewhere.
    const command = opts.protocol ? [...this.#o.refCommand, "--protocol", String(opts.protocol)] : this.#o.refCommand;
    return this.#party(role, command, name, opts.device);
  }

  async #party(
    role: string,
    command: string[],
    name: string,
    device?: string,
    envOverrides?: Record<string, string | undefined>,
  ): Promise<Party> {
    const t = this.#tenant ?? fail("Create the tenant before starting parties");
    const pool = this.#o.pool === undefined ? adapterPool : this.#o.pool;
    const timeoutMs = this.#o.requestTimeoutMs ?? 30_000;
    // child_process leaves undefined entries out of the child's environment: that is how a variable is removed.
    const env = envOverrides as Record<string, string> | undefined;
    const lease = pool ? pool.lease(role, command, { timeoutMs, ...(env ? { env } : {}) }) : null;
    const p = lease?.party ?? new Party(role, command, { timeoutMs, ...(env ? { env } : {}) });
    this.#parties.push({ role, party: p, lease });
    const t0 = Date.now();
    await p.start({
      serviceUrl: this.serviceUrl,
      user: t.id(name),
      token: t.token(name),
      ...(device ? { device } : {}),
    });
    this.timing(`${lease?.reused ? "reuse" : "start"}:${role}`, Date.now() - t0);
    return p;
  }

  /** Configures a running party again as user `name` of this case's tenant (SPEC §7 `configure` after `reset`). */
  async configureAs(party: Party, name: string, opts: { device?: string } = {}): Promise<void> {
    const t = this.#tenant ?? fail("Create the tenant before configuring parties");
    await party.configure({
      serviceUrl: this.serviceUrl,
      user: t.id(name),
      token: t.token(name),
      ...(opts.device ? { device: opts.device } : {}),
    });
  }

  /** Arms an adversary plan for the next call placed by `callerName` (SPEC §8). */
  async adversary(mode: string, callerName: string, opts: { rate?: number; seed?: number } = {}): Promise<void> {
    const t = this.#tenant ?? fail("Create the tenant before arming an adversary");
    await this.admin.adversary({
      mode: mode as never,
      // SPEC §8: a directional mode's seed names the side it acts toward, so a case may choose it.
      seed: opts.seed ?? this.seed,
      caller: t.id(callerName),
      ...(opts.rate !== undefined ? { rate: opts.rate } : {}),
    });
  }

  /** Places a call and (by default) answers it and waits until both sides settled (connected+shown, or ended). */
  async call(
    caller: Party,
    callee: Party,
    o: { answer?: boolean; settle?: boolean; timeoutMs?: number; profile?: MediaProfile } = {},
  ): Promise<CallHandle> {
    const t0 = Date.now();
    const id = await caller.place(callee.userId!, o.profile);
    this.#callIds.add(id);
    const inc = await callee.incoming(o.timeoutMs ?? 10_000);
    if (inc.callId !== id) throw new CaseFailure("The callee was rung for a different call", id, inc.callId);
    if (o.answer === false) return { id, caller: await caller.state(id), callee: await callee.state(id) };
    await callee.answer(id);
    if (o.settle === false) return { id, caller: await caller.state(id), callee: await callee.state(id) };
    const [cs, ks] = await Promise.all([
      caller.until(id, shown, o.timeoutMs ?? 20_000, "the call to settle at the caller"),
      callee.until(id, shown, o.timeoutMs ?? 20_000, "the call to settle at the callee"),
    ]);
    this.timing(`call:${++this.#seq}`, Date.now() - t0);
    return { id, caller: cs, callee: ks };
  }

  /** Remembers a call id placed outside `call()` so its evidence is collected. */
  track(callId: string): void {
    this.#callIds.add(callId);
  }

  /** Waits until `party` has heard `digits` in the call (synthetic speech, SPEC §11), or fails with what it heard. */
  async heard(party: Party, callId: string, digits: string, timeoutMs = 8000): Promise<CallState> {
    try {
      return await party.until(
        callId,
        (s) => s.media.audio.digits.includes(digits) || s.state === "ended",
        timeoutMs,
        `digits "${digits}"`,
      )
        .then((s) => {
          if (!s.media.audio.digits.includes(digits)) {
            throw new CaseFailure(`${party.label} did not hear the other side`, digits, s.media.audio.digits);
          }
          return s;
        });
    } catch (e) {
      if (e instanceof CaseFailure) throw e;
      const last = (e as { detail?: { last?: CallState } }).detail?.last;
      throw new CaseFailure(
        `${party.label} did not hear "${digits}" within ${timeoutMs} ms`,
        digits,
        last?.media.audio.digits ?? null,
      );
    }
  }

  /** The service's record of a call, with its log and media evidence. */
  record(callId: string): Promise<CallEvidence> {
    this.#callIds.add(callId);
    return this.admin.call(callId);
  }

  /** Ends the case with a skip. */
  skip(reason: string): never {
    throw new CaseSkip(reason);
  }

  /** Ends the case with an informational verdict. */
  info(message: string): never {
    throw new CaseInfo(message);
  }

  /** Adds a note to the evidence. */
  note(s: string): void {
    this.evidence.notes.push(s);
  }

  /** Records a named timing. */
  timing(name: string, ms: number): void {
    this.evidence.timings[name] = ms;
  }

  /** Hangs up live calls, stops every adapter, and collects the evidence. Never throws. */
  async finish(): Promise<Evidence> {
    const pool = this.#o.pool === undefined ? adapterPool : this.#o.pool;
    // Reused adapters are reset (SPEC §7), which ends their calls as stopping them did; the rest are stopped.
    await Promise.all(
      this.#parties.map(({ party, lease }) =>
        lease && pool ? pool.release(party, !this.#aborted) : party.stop().catch(() => {})
      ),
    );
    for (const id of this.#callIds) {
      try {
        const r = await this.admin.call(id);
        this.evidence.calls.push({
          callId: id,
          log: r.log,
          relay: r.evidence.relay,
          processor: r.evidence.processor,
          ...(r.evidence.forwarder ? { forwarder: r.evidence.forwarder } : {}),
          topology: r.topology,
        });
        if (r.adversary) {
          this.evidence.adversary = { mode: r.adversary.mode, seed: r.adversary.seed, actions: r.adversary.actions };
        }
      } catch (e) {
        this.evidence.notes.push(`No service record for call "${id}": ${(e as Error).message}`);
      }
    }
    for (const { role, party, lease } of this.#parties) {
      // A reused adapter's transcript and stderr start with earlier cases: this case's evidence is what came after.
      const transcript = lease ? party.client.transcript.slice(lease.transcriptFrom) : party.client.transcript;
      const stderr = lease ? party.client.stderr.slice(lease.stderrFrom) : party.client.stderr;
      this.evidence.drivers.push({
        role,
        command: party.command.join(" "),
        transcript,
        stderr,
        exit: party.client.exitStatus,
      });
    }
    return this.evidence;
  }

  /** Kills every adapter at once (case timeout). */
  abort(): void {
    this.#aborted = true;
    for (const { party } of this.#parties) party.client.kill();
  }

  /** Every reference counterpart of this case that crashed: the suite's own failure, never the implementation's. */
  crashedRefs(): { role: string; code: number | null; signal: string | null }[] {
    return this.#parties.filter(({ role, party }) =>
      role.startsWith("ref:") && party.client.exitStatus?.code !== 0 &&
      party.client.exitStatus !== null
    ).map(({ role, party }) => ({ role, ...party.client.exitStatus! }));
  }

  /** Whether an adapter of this case crashed (exited without being asked). */
  crashed(): { role: string; code: number | null; signal: string | null } | null {
    for (const { role, party } of this.#parties) {
      const s = party.client.exitStatus;
      if (s && s.code !== 0) return { role, ...s };
    }
    return null;
  }
}

function fail(msg: string): never {
  throw new Error(msg);
}
