/**
 * Policy model (SPEC §3): E2EE calling policies, precedence, the per-user setting, call eligibility and the
 * declarative policy file. Pure: no I/O, runs on Node, Deno and browsers.
 */
export { type AssignTarget, PolicyStore, type PolicyStoreOptions } from "./store.ts";
export { eligibility, type EligibilityFn } from "./eligibility.ts";
export { compareGroups, type GroupAssignment, resolveAssignment, type ResolvedAssignment } from "./precedence.ts";
export { dumpPolicyFile, loadPolicyFile } from "./policyfile.ts";
export type { GroupDoc, PathError, PolicyDoc, PolicyDocument, TenantDoc, UserDoc } from "./_document.ts";
export { PolicyDocumentSchema, policySchemaJson } from "./schema.ts";
export {
  checkOptInMatrix,
  MATRIX_CALLEE,
  MATRIX_CALLER,
  type MatrixCase,
  matrixCases,
  matrixExpected,
  type MatrixRow,
  matrixStore,
} from "./matrix.ts";
export { ID_PATTERN, TOKEN_PATTERN } from "./_validate.ts";
export {
  type EffectivePolicy,
  type Eligibility,
  type EligibilityOptions,
  GLOBAL_POLICY_ID,
  type GroupInfo,
  POLICY_VALUES,
  type PolicyInfo,
  type PolicySource,
  type PolicyValue,
  type Reason,
  REASONS,
  type TenantInfo,
  type UserInfo,
  type UserSetting,
} from "./types.ts";
