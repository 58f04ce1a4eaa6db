/**
 * Every conformance case (SPEC §12.1). One import per case file; `index_test.ts` fails when a file under
 * conformance/cases/ is missing here. A file default-exports one Case or a generated family (Case[]).
 */
import type { Case } from "../case.ts";
import featureRecordingRefusedE2ee from "./features/recording-refused-e2ee.ts";
import optinMatrix from "./optin/matrix.ts";
import verifyHonestEqual from "./verify/honest-equal.ts";
import verifyMitmDiffers from "./verify/mitm-differs.ts";

const modules: (Case | Case[])[] = [
  featureRecordingRefusedE2ee,
  optinMatrix,
  verifyHonestEqual,
  verifyMitmDiffers,
];

/** All cases, flattened. */
export const ALL_CASES: Case[] = modules.flat();
