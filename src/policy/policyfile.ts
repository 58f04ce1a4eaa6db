/**
 * The declarative policy file (SPEC §3.5, P2): load one into a store, or dump a store as one.
 */
import { documentError, type PolicyDocument, validateDocument } from "./_document.ts";
import { PolicyStore, type PolicyStoreOptions } from "./store.ts";

/**
 * Loads a parsed policy file (SPEC §3.5). Throws ShieldCallError POLICY_INVALID whose `detail.errors` lists
 * every error as `{ path, message }`, `path` a JSON pointer (RFC 6901) into `json`.
 *
 * @example
 * const { store } = loadPolicyFile(JSON.parse(text));
 */
export function loadPolicyFile(json: unknown, opts?: PolicyStoreOptions): { store: PolicyStore } {
  const { doc, errors } = validateDocument(json, "file");
  if (doc === undefined) throw documentError("Policy file", errors);
  return { store: PolicyStore.fromJSON(doc, opts) };
}

/**
 * Writes a store as a policy file (SPEC §3.5) with every field explicit. A user's `e2ee` is the setting in
 * force (SPEC §3.3): a stored setting the policy currently hides is written as false, so the output always loads.
 */
export function dumpPolicyFile(store: PolicyStore): PolicyDocument {
  const doc = store.toJSON();
  for (const t of doc.tenants) {
    for (const u of t.users) u.e2ee = store.getSetting(u.id).enabled;
  }
  return doc;
}
