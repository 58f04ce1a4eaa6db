import { test } from "node:test";
import assert from "node:assert/strict";
import { extractCandidates, replaceCandidates } from "./sdp.ts";
import { runPeerPair } from "./_testing/pair_runner.ts";

const RELAY = { address: "127.0.0.1", port: 50123 };

/**
 * A complete (non-trickle) offer and answer from two real node-webrtc PeerConnections (data channel and audio)
 * in a child process: b applies the offer rewritten by replaceCandidates() and a applies the rewritten answer,
 * so both rewritten SDPs were accepted by real PeerConnections.
 */
async function realSdps(): Promise<{ offer: string; answer: string; forwarded: string[] }> {
  const forwarded: string[] = [];
  const { result } = await runPeerPair(
    (_side, sdp) => {
      const out = replaceCandidates(sdp, RELAY);
      forwarded.push(out);
      return out;
    },
    { expect: "negotiate", waitMs: 0 },
    15000,
  );
  return { offer: result.sdpA, answer: result.sdpB, forwarded };
}

let cached: ReturnType<typeof realSdps> | undefined;
const sdps = () => (cached ??= realSdps());

const isAddressLine = (l: string) =>
  l.startsWith("a=candidate:") || l === "a=end-of-candidates" || l.startsWith("m=") || l.startsWith("c=") ||
  l.startsWith("a=rtcp:");

test("extractCandidates() returns every candidate line of a real node-webrtc SDP", { timeout: 20000 }, async () => {
  const { offer, answer } = await sdps();
  for (const sdp of [offer, answer]) {
    const lines = sdp.split("\r\n").filter((l) => l.startsWith("a=candidate:"));
    const cands = extractCandidates(sdp);
    assert.ok(lines.length > 0, "the real SDP has candidates");
    assert.deepEqual(cands.map((c) => c.raw), lines);
    for (const c of cands) {
      assert.ok(c.protocol === "udp" || c.protocol === "tcp", c.raw);
      assert.ok(c.port >= 1 && c.port <= 65535);
      assert.ok(c.raw.includes(` ${c.address} ${c.port} typ ${c.type}`), c.raw);
    }
    assert.ok(cands.some((c) => c.address === "127.0.0.1" && c.protocol === "udp"), "a loopback UDP host candidate");
  }
});

test(
  "replaceCandidates() leaves only the relay candidate in a real SDP and keeps every other line",
  { timeout: 20000 },
  async () => {
    const { offer, answer } = await sdps();
    for (const sdp of [offer, answer]) {
      const out = replaceCandidates(sdp, RELAY);
      const cands = extractCandidates(out);
      const media = sdp.split("\r\n").filter((l) => l.startsWith("m=")).length;
      assert.equal(cands.length, media, "one relay candidate per media section");
      assert.ok(
        cands.every((c) =>
          c.address === RELAY.address && c.port === RELAY.port && c.protocol === "udp" && c.type === "host"
        ),
      );
      for (const c of extractCandidates(sdp)) assert.ok(!out.includes(c.raw), `original candidate removed: ${c.raw}`);
      // Everything but the address-bearing lines is byte-identical, in order, CRLF kept.
      assert.deepEqual(
        out.split("\r\n").filter((l) => !isAddressLine(l)),
        sdp.split("\r\n").filter((l) => !isAddressLine(l)),
      );
      assert.ok(out.endsWith("\r\n") && !/[^\r]\n/.test(out));
      // No line still names the endpoint's own addresses.
      for (const l of out.split("\r\n").filter((x) => x.startsWith("m=") || x.startsWith("c="))) {
        assert.ok(l.includes(String(RELAY.port)) || l.includes(RELAY.address), l);
      }
    }
  },
);

test(
  "replaceCandidates() output is accepted by real PeerConnections in both directions",
  { timeout: 20000 },
  async () => {
    const { offer, answer, forwarded } = await sdps();
    // The child fails (and runPeerPair rejects) if either setRemoteDescription() threw.
    assert.equal(forwarded.length, 2);
    assert.deepEqual(forwarded, [replaceCandidates(offer, RELAY), replaceCandidates(answer, RELAY)]);
    assert.match(answer, /^a=group:BUNDLE /m, "b bundled the relayed offer");
  },
);

const SYNTH = [
  "v=0",
  "o=- 1 2 IN IP4 127.0.0.1",
  "s=-",
  "t=0 0",
  "a=group:BUNDLE 0",
  "m=audio 5000 UDP/TLS/RTP/SAVPF 111",
  "c=IN IP4 192.0.2.7",
  "a=rtcp:5001 IN IP4 192.0.2.7",
  "a=candidate:1 1 udp 2122260223 192.0.2.7 5000 typ host generation 0",
  "a=candidate:2 1 udp 1686052607 198.51.100.9 6000 typ srflx raddr 192.0.2.7 rport 5000",
  "a=candidate:bad line",
  "a=end-of-candidates",
  "a=mid:0",
  "a=rtcp-mux",
  "m=video 0 UDP/TLS/RTP/SAVPF 96",
  "c=IN IP4 0.0.0.0",
  "a=mid:1",
  "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
  "c=IN IP6 ::",
  "a=mid:2",
];

test("replaceCandidates() skips rejected sections, appends where none existed and keeps LF endings", () => {
  const sdp = SYNTH.join("\n") + "\n";
  const out = replaceCandidates(sdp, RELAY);
  const lines = out.split("\n");
  assert.deepEqual(lines.filter((l) => l.startsWith("a=candidate")), [
    "a=candidate:relay 1 udp 2130706431 127.0.0.1 50123 typ host generation 0",
    "a=candidate:relay 1 udp 2130706431 127.0.0.1 50123 typ host generation 0",
  ]);
  assert.ok(!out.includes("\r"));
  assert.ok(!out.includes("end-of-candidates"));
  assert.ok(!out.includes("192.0.2.7") && !out.includes("198.51.100.9"));
  assert.equal(lines[5], "m=audio 50123 UDP/TLS/RTP/SAVPF 111");
  assert.equal(lines[6], "c=IN IP4 127.0.0.1");
  assert.equal(lines[7], "a=rtcp:50123 IN IP4 127.0.0.1");
  assert.equal(
    lines[8],
    "a=candidate:relay 1 udp 2130706431 127.0.0.1 50123 typ host generation 0",
    "in place of the first",
  );
  assert.deepEqual(
    lines.slice(11, 14),
    ["m=video 0 UDP/TLS/RTP/SAVPF 96", "c=IN IP4 0.0.0.0", "a=mid:1"],
    "rejected section untouched",
  );
  assert.deepEqual(lines.slice(14), [
    "m=application 50123 UDP/DTLS/SCTP webrtc-datachannel",
    "c=IN IP4 127.0.0.1",
    "a=mid:2",
    "a=candidate:relay 1 udp 2130706431 127.0.0.1 50123 typ host generation 0",
    "",
  ]);
});

test("extractCandidates() skips malformed lines and reads IPv6 and TCP candidates", () => {
  const cands = extractCandidates(
    [
      ...SYNTH,
      "a=candidate:3 1 TCP 1518280447 ::1 9 typ host tcptype active",
      "a=candidate:4 1 udp 1 10.0.0.1 70000 typ host",
      "a=candidate:5 1 udp 1 10.0.0.1 7 typ",
    ].join("\r\n"),
  );
  assert.deepEqual(cands.map((c) => [c.address, c.port, c.protocol, c.type, c.component]), [
    ["192.0.2.7", 5000, "udp", "host", 1],
    ["198.51.100.9", 6000, "udp", "srflx", 1],
    ["::1", 9, "tcp", "host", 1],
  ]);
  assert.deepEqual(extractCandidates(""), []);
});

test("replaceCandidates() rejects a relay address that is not an address or port", () => {
  assert.throws(() => replaceCandidates("v=0\r\n", { address: "1.2.3.4 typ relay", port: 5 }), TypeError);
  assert.throws(() => replaceCandidates("v=0\r\n", { address: "127.0.0.1", port: 0 }), RangeError);
  assert.throws(() => extractCandidates(5 as unknown as string), TypeError);
  assert.equal(replaceCandidates("v=0\r\ns=-", RELAY), "v=0\r\ns=-", "no media section: nothing added");
});

test("extractIceCredentials takes the first ice-ufrag and ice-pwd, or nothing when one is missing", async () => {
  const { extractIceCredentials } = await import("./sdp.ts");
  const sdp = "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=ice-ufrag:Ab+1\r\na=ice-pwd:pw0123456789012345678901\r\n" +
    "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=ice-ufrag:Other\r\na=ice-pwd:other\r\n";
  assert.deepEqual(extractIceCredentials(sdp), { ufrag: "Ab+1", pwd: "pw0123456789012345678901" });
  assert.equal(extractIceCredentials("v=0\r\na=ice-ufrag:x\r\n"), undefined);
  assert.throws(() => extractIceCredentials(1 as unknown as string), TypeError);
});
