/**
 * Every conformance case (SPEC §12.1). One import per case file; `index_test.ts` fails when a file under
 * conformance/cases/ is missing here. A file default-exports one Case or a generated family (Case[]).
 */
import type { Case } from "../case.ts";
import featureDevicesWorksStandard from "./features/devices-works-standard.ts";
import featureF10SettingOffNextCall from "./features/f10-setting-off-next-call.ts";
import featureGroupWorksStandard from "./features/group-works-standard.ts";
import featureLiveCaptionsWorksStandard from "./features/live-captions-works-standard.ts";
import featureOfferedStandard from "./features/offered-standard.ts";
import featureParkWorksStandard from "./features/park-works-standard.ts";
import featureRecordingWorksStandard from "./features/recording-works-standard.ts";
import featureRefusedE2ee from "./features/refused-e2ee.ts";
import featureRefusedE2eeCallee from "./features/refused-e2ee-callee.ts";
import featureRefusedE2eeOtherCall from "./features/refused-e2ee-other-call.ts";
import featureRefusedE2eeRinging from "./features/refused-e2ee-ringing.ts";
import featureSimultaneousRingWorksStandard from "./features/simultaneous-ring-works-standard.ts";
import featureTranscriptionWorksStandard from "./features/transcription-works-standard.ts";
import featureTransferWorksStandard from "./features/transfer-works-standard.ts";
import featureVoicemailWorksStandard from "./features/voicemail-works-standard.ts";
import mediaAnchor from "./media/anchor.ts";
import mediaBothWays from "./media/both-ways.ts";
import mediaCertificate from "./media/certificate.ts";
import mediaFaults from "./media/faults.ts";
import mediaRelayOnly from "./media/relay-only.ts";
import mediaStrip from "./media/strip.ts";
import optinMatrix from "./optin/matrix.ts";
import policyCompliance from "./policy/compliance.ts";
import policyDefaultOff from "./policy/default-off.ts";
import policyDevices from "./policy/devices.ts";
import policyFallback from "./policy/fallback.ts";
import policyFreshUser from "./policy/fresh-user.ts";
import policyHiddenKept from "./policy/hidden-kept.ts";
import policyMidCall from "./policy/mid-call.ts";
import policyPrecedence from "./policy/precedence.ts";
import policySetRefused from "./policy/set-refused.ts";
import policySetStored from "./policy/set-stored.ts";
import robustnessInject from "./robustness/inject.ts";
import robustnessReset from "./robustness/reset.ts";
import robustnessUnknownCallClosed from "./robustness/unknown-call-closed.ts";
import verifyFresh from "./verify/fresh.ts";
import verifyHidden from "./verify/hidden.ts";
import verifyHonestEqual from "./verify/honest-equal.ts";
import verifyHonestEqualCallee from "./verify/honest-equal-callee.ts";
import verifyMitmDiffers from "./verify/mitm-differs.ts";
import verifyMitmDiffersCallee from "./verify/mitm-differs-callee.ts";
import verifyNumberFormat from "./verify/number-format.ts";
import verifyShownOnlyConnected from "./verify/shown-only-connected.ts";
import verifySwapCommit from "./verify/swap-commit.ts";
import verifyFreshKey from "./verify/fresh-key.ts";
import verifyHandshakeAdversary from "./verify/handshake-adversary.ts";
import mediaVideoE2ee from "./media/video-e2ee.ts";
import verifyConfirm from "./verify/confirm.ts";
import endpointOwnSide from "./endpoint/own-side.ts";
import endpointNoAnswerOnMismatch from "./endpoint/no-answer-on-mismatch.ts";
import endpointFlipBit255 from "./endpoint/flip-bit255.ts";
import robustnessSessionClosed from "./robustness/session-closed.ts";
import verifyConfirmStrip from "./verify/confirm-strip.ts";
import verifyConfirmBadTag from "./verify/confirm-bad-tag.ts";
import verifyConfirmDuplicate from "./verify/confirm-duplicate.ts";
import sframeAdversary from "./sframe/adversary.ts";
import sframeCall from "./sframe/call.ts";
import sframeGate from "./sframe/gate.ts";
import sframeIndicator from "./sframe/indicator.ts";
import sframePerCall from "./sframe/per_call.ts";
import verifyAnswerFpSwap from "./verify/answer-fp-swap.ts";
import verifyVersionLie from "./verify/version-lie.ts";
import verifyMixedVersion from "./verify/mixed-version.ts";
import verifySplit from "./verify/split.ts";

const modules: (Case | Case[])[] = [
  featureDevicesWorksStandard,
  featureF10SettingOffNextCall,
  featureGroupWorksStandard,
  featureLiveCaptionsWorksStandard,
  featureOfferedStandard,
  featureParkWorksStandard,
  featureRecordingWorksStandard,
  featureRefusedE2ee,
  featureRefusedE2eeCallee,
  featureRefusedE2eeOtherCall,
  featureRefusedE2eeRinging,
  featureSimultaneousRingWorksStandard,
  featureTranscriptionWorksStandard,
  featureTransferWorksStandard,
  featureVoicemailWorksStandard,
  mediaAnchor,
  mediaBothWays,
  mediaCertificate,
  mediaFaults,
  mediaRelayOnly,
  mediaStrip,
  optinMatrix,
  policyCompliance,
  policyDefaultOff,
  policyDevices,
  policyFallback,
  policyFreshUser,
  policyHiddenKept,
  policyMidCall,
  policyPrecedence,
  policySetRefused,
  policySetStored,
  robustnessInject,
  robustnessReset,
  robustnessUnknownCallClosed,
  verifyFresh,
  verifyHidden,
  verifyHonestEqual,
  verifyHonestEqualCallee,
  verifyMitmDiffers,
  verifyMitmDiffersCallee,
  verifyNumberFormat,
  verifyShownOnlyConnected,
  verifySwapCommit,
  verifyFreshKey,
  verifyHandshakeAdversary,
  mediaVideoE2ee,
  verifyConfirm,
  endpointOwnSide,
  endpointNoAnswerOnMismatch,
  endpointFlipBit255,
  robustnessSessionClosed,
  verifyConfirmStrip,
  verifyConfirmBadTag,
  verifyConfirmDuplicate,
  verifyAnswerFpSwap,
  verifyVersionLie,
  verifyMixedVersion,
  verifySplit,
  sframeCall,
  sframeAdversary,
  sframeGate,
  sframeIndicator,
  sframePerCall,
];

/** All cases, flattened. */
export const ALL_CASES: Case[] = modules.flat();
