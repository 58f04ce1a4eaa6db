/**
 * The verdict `shieldcall call` prints for a call: did the outcome match what SPEC §8 requires for the adversary
 * mode (and §2.4 for a requested feature)? Pure: from what each side showed to one line and ok / not ok.
 */

/** What one side showed during and at the end of the call. */
export interface SideSeen {
  indicator: boolean;
  number: string | null;
  state: string;
  endCode: string | null;
}

/** The inputs of the verdict. */
export interface CallOutcome {
  /** Adversary mode, or null for an honest service. */
  mode: string | null;
  /** Whether policy and settings make this call E2EE (SPEC §3.4), when known. */
  expectedE2EE: boolean | null;
  topology: string | null;
  caller: SideSeen;
  callee: SideSeen;
  feature: { name: string; ok: boolean; code: string | null } | null;
}

/** A verdict: one line for people, and whether it is the outcome SPEC §8 requires. */
export interface CallVerdict {
  mode: string;
  ok: boolean;
  line: string;
}

const numbered = (s: SideSeen) => s.indicator && /^\d{20}$/.test(s.number ?? "");

/** The verdict "`who` ended the call with `code` and never showed the indicator". */
function endedWith(
  v: (ok: boolean, good: string, bad: string) => CallVerdict,
  who: "caller" | "callee",
  s: SideSeen,
  code: string,
  clause: string,
): CallVerdict {
  return v(
    s.state === "ended" && s.endCode === code && !s.indicator,
    `the ${who} ended the call with ${code} and never showed the indicator (${clause})`,
    `the ${who} ${s.indicator ? "showed the indicator" : `ended with ${s.endCode ?? "no code"} (state ${s.state})`}`,
  );
}

/** SPEC §8 (table of required outcomes), §2.2 V1–V4, §2.4 F10: the verdict for one call. */
export function judgeCall(o: CallOutcome): CallVerdict[] {
  const mode = o.mode ?? "honest";
  const both = numbered(o.caller) && numbered(o.callee);
  const none = !o.caller.indicator && !o.callee.indicator;
  const v = (ok: boolean, good: string, bad: string): CallVerdict => ({
    mode,
    ok,
    line: `${mode}: ${ok ? "OK" : "NOT AS REQUIRED"} — ${ok ? good : bad}`,
  });
  const out: CallVerdict[] = [];
  if (o.expectedE2EE === false && mode !== "strip") {
    // P4: a call that policy or settings keep standard shows no indicator, whatever the adversary does.
    out.push(
      v(
        none,
        "a standard call (policy or settings), no indicator on either side",
        "a standard call showed an E2EE indicator",
      ),
    );
  } else {
    switch (mode) {
      case "honest":
      case "observe":
      case "tamper":
      case "replay":
      case "drop": {
        const same = both && o.caller.number === o.callee.number;
        const what = mode === "honest" || mode === "observe" ? "" : `; ${mode} faults did not turn E2EE off`;
        if (o.expectedE2EE === null && none && (mode === "honest" || mode === "observe")) {
          // Eligibility unknown (no admin access): a standard call with no indicator at either end is consistent (P4).
          out.push(
            v(true, "a standard call, no indicator on either side (E2EE eligibility unknown without admin access)", ""),
          );
          break;
        }
        out.push(
          v(
            same,
            `numbers match at both ends${what}`,
            both
              ? "the two numbers differ on an honest path"
              : "E2EE was expected but a side showed no indicator and number",
          ),
        );
        break;
      }
      case "mitm":
        out.push(
          v(
            both && o.caller.number !== o.callee.number,
            "numbers differ: the interception is visible to users who compare them (V2)",
            both
              ? "the numbers match although the service intercepted the call"
              : "a side showed no indicator and number",
          ),
        );
        break;
      case "strip":
        out.push(
          v(
            none,
            "downgraded to a standard call, no indicator on either side (V1, P4)",
            "a side still showed the E2EE indicator after the downgrade",
          ),
        );
        break;
      case "swap-commit":
      case "anchor":
      case "reorder":
      case "flip-bit255":
        out.push(endedWith(v, "callee", o.callee, "E2EE_COMMITMENT_MISMATCH", "V4"));
        break;
      case "flip-bit255-accept": {
        // SPEC §8, §5.3: the transcripts differ; with key confirmation the caller never shows the indicator.
        const ok = !o.caller.indicator || (both && o.caller.number !== o.callee.number);
        out.push(
          v(
            ok,
            "the caller showed no indicator, or numbers that differ (the flipped key is in its transcript)",
            "the caller showed the indicator with the callee's number (bit 255 masked)",
          ),
        );
        break;
      }
      case "low-order":
        // SPEC §5.3: the caller derives an all-zero secret from the low-order key and ends the call.
        out.push(endedWith(v, "caller", o.caller, "E2EE_LOW_ORDER_KEY", "§5.3"));
        break;
      case "low-order-callee":
        // SPEC §8: the callee's commitment check passes, its shared secret is all zero (§5.8).
        out.push(endedWith(v, "callee", o.callee, "E2EE_LOW_ORDER_KEY", "§5.8"));
        break;
      case "confirm-tamper-caller":
        // SPEC §8, §5.9: the side that receives the altered key-confirmation tag ends the call.
        out.push(endedWith(v, "caller", o.caller, "E2EE_CONFIRM_FAILED", "§5.9"));
        break;
      case "confirm-tamper-callee":
        out.push(endedWith(v, "callee", o.callee, "E2EE_CONFIRM_FAILED", "§5.9"));
        break;
      case "confirm-withhold":
        // SPEC §8, §5.9: without the callee's tag the caller never shows the indicator or the number (V1).
        out.push(
          v(
            !o.caller.indicator && o.caller.number === null,
            "the caller never showed the indicator or the number without the confirmation tag (V1)",
            "the caller showed the indicator or a number without the callee's confirmation tag",
          ),
        );
        break;
      default:
        out.push({ mode, ok: false, line: `${mode}: unknown mode` });
    }
  }
  if (o.feature) {
    const e2ee = o.caller.indicator || o.callee.indicator;
    const f = o.feature;
    // SPEC §2.4 (F1–F10): refused with FEATURE_DISABLED_E2EE in an E2EE call; performed in a standard call.
    const ok = e2ee ? !f.ok && f.code === "FEATURE_DISABLED_E2EE" : f.ok;
    out.push({
      mode: `feature ${f.name}`,
      ok,
      line: `feature ${f.name}: ${ok ? "OK" : "NOT AS REQUIRED"} — ${
        e2ee
          ? (ok ? "refused while E2EE is on (F10)" : "not refused with FEATURE_DISABLED_E2EE while E2EE is on")
          : ok
          ? "performed in a standard call"
          : `refused in a standard call (${f.code ?? "no code"})`
      }`,
    });
  }
  return out;
}
