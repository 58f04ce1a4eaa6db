/**
 * Child-process scenario for media_engine_test.ts: two MediaEngines connected directly on loopback (one offers,
 * one answers) exchange DTMF speech and coded video; reports with what each side received, then
 * closes everything and exits explicitly (docs/node-webrtc.md teardown rule).
 */
import { exitChild, reportResult } from "../../_testing/child.ts";
import { MediaEngine } from "../media_engine.ts";
import { MediaTicker } from "../media_ticker.ts";

const ticker = new MediaTicker();
const states: Record<string, string[]> = { a: [], b: [] };
const a = new MediaEngine({ speech: "1357", ticker, onConnectionState: (s) => states.a!.push(s) });
const b = new MediaEngine({ speech: "2468", ticker, onConnectionState: (s) => states.b!.push(s) });
const subscribersWhileOpen = ticker.size;

const deadline = Date.now() + 15000;
const offer = await a.createOffer();
const answer = await b.acceptOffer(offer);
await a.applyAnswer(answer);
const enough = () => {
  const sa = a.stats();
  const sb = b.stats();
  return sa.audio.digits.includes("2468") && sb.audio.digits.includes("1357") && sa.video.decoded >= 5 &&
    sb.video.decoded >= 5;
};
while (!enough() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
const result = {
  offerHasCandidates: /a=candidate:/.test(offer.sdp),
  answerType: answer.type,
  connected: [a.connectionState, b.connectionState],
  a: a.stats(),
  b: b.stats(),
  subscribersWhileOpen,
  states,
  closed: [] as string[],
  subscribersAfterClose: -1,
  tickerRunning: true,
};
a.close();
b.close();
a.close(); // idempotent
result.closed = [a.connectionState, b.connectionState, a.pc.connectionState, b.pc.connectionState];
result.subscribersAfterClose = ticker.size;
result.tickerRunning = ticker.running;
let afterCloseThrows = false;
try {
  await a.createOffer();
} catch {
  afterCloseThrows = true;
}
reportResult({ ...result, afterCloseThrows });
exitChild(0);
