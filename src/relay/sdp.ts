/**
 * SDP candidate helpers the call service uses to steer an E2EE call through the transport relay
 * (SPEC §4.3). Pure: string in, string out; never throws on malformed SDP lines (it skips them).
 */

/** One ICE candidate taken from an `a=candidate` line. */
export interface SdpCandidate {
  /** Connection address as written (IPv4, IPv6 or a hostname). */
  address: string;
  /** Port, 1..65535. */
  port: number;
  /** Transport, lower-case ("udp" or "tcp"). */
  protocol: string;
  /** ICE component id (1 = RTP, 2 = RTCP). */
  component: number;
  /** Candidate type ("host", "srflx", "prflx", "relay"). */
  type: string;
  /** The whole line, without its line ending. */
  raw: string;
}

/** A transport address (the relay port facing the receiver of the SDP). */
export interface RelayAddress {
  address: string;
  port: number;
}

const CANDIDATE_RE =
  /^a=candidate:([A-Za-z0-9+/]{1,32}) (\d{1,3}) ([A-Za-z]+) (\d{1,10}) (\S+) (\d{1,5}) typ ([A-Za-z]+)(?: .*)?$/;

/** Highest host priority for component 1 (RFC 8445 §5.1.2.1: type 126, local 65535). */
const RELAY_PRIORITY = 2130706431;

/** Splits text into lines, each with its own line ending (possibly ""), losing nothing. */
function splitLines(text: string): { line: string; eol: string }[] {
  const out: { line: string; eol: string }[] = [];
  const re = /([^\r\n]*)(\r\n|\n|\r|$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0] === "") break;
    out.push({ line: m[1], eol: m[2] });
  }
  return out;
}

/** Parses one `a=candidate` line; undefined when it is malformed. */
function parseCandidate(line: string): SdpCandidate | undefined {
  const m = CANDIDATE_RE.exec(line);
  if (!m) return undefined;
  const component = Number(m[2]);
  const port = Number(m[6]);
  if (component < 1 || component > 256 || port < 1 || port > 65535) return undefined;
  return { address: m[5], port, protocol: m[3].toLowerCase(), component, type: m[7].toLowerCase(), raw: line };
}

/** Returns every well-formed `a=candidate` line of an SDP, in order (malformed lines are skipped). */
export function extractCandidates(sdp: string): SdpCandidate[] {
  if (typeof sdp !== "string") throw new TypeError("SDP must be a string");
  const out: SdpCandidate[] = [];
  for (const { line } of splitLines(sdp)) {
    if (!line.startsWith("a=candidate:")) continue;
    const c = parseCandidate(line);
    if (c) out.push(c);
  }
  return out;
}

/** The address family token SDP uses for an address. */
function addrType(address: string): "IP4" | "IP6" {
  return address.includes(":") ? "IP6" : "IP4";
}

/**
 * Returns the SDP with every `a=candidate` and `a=end-of-candidates` line removed and one host UDP
 * candidate for the relay in each media section that is not rejected (port 0). The default address of
 * those sections (`m=` port, `c=`, `a=rtcp`) is set to the relay too, so no line still names the
 * sender's own transport address; every other byte is kept, line endings included.
 */
export function replaceCandidates(sdp: string, relay: RelayAddress): string {
  if (typeof sdp !== "string") throw new TypeError("SDP must be a string");
  if (!relay || typeof relay.address !== "string" || !/^[0-9A-Za-z.:-]+$/.test(relay.address)) {
    throw new TypeError(`Relay address must be an IP address: got "${String(relay?.address)}"`);
  }
  if (!Number.isInteger(relay.port) || relay.port < 1 || relay.port > 65535) {
    throw new RangeError(`Relay port must be 1..65535: got "${String(relay.port)}"`);
  }
  const lines = splitLines(sdp);
  const defaultEol = lines.find((l) => l.eol !== "")?.eol ?? "\r\n";
  const at = addrType(relay.address);
  const candidateLine =
    `a=candidate:relay 1 udp ${RELAY_PRIORITY} ${relay.address} ${relay.port} typ host generation 0`;

  // Group the lines into the session part and one part per m= section.
  const sections: { line: string; eol: string }[][] = [[]];
  for (const l of lines) {
    if (l.line.startsWith("m=")) sections.push([]);
    sections[sections.length - 1].push(l);
  }

  const out: string[] = [];
  for (let s = 0; s < sections.length; s++) {
    const section = sections[s];
    const isMedia = s > 0;
    // SPEC §4.3 (TR2): a rejected or bundle-only section (port 0) gets no candidate.
    const mParts = isMedia ? section[0].line.split(" ") : [];
    const active = isMedia && mParts.length >= 3 && /^\d+(\/\d+)?$/.test(mParts[1]) &&
      Number(mParts[1].split("/")[0]) !== 0;
    const kept: { line: string; eol: string }[] = [];
    let insertAt = -1;
    for (const l of section) {
      if (l.line.startsWith("a=candidate:") || l.line === "a=end-of-candidates") {
        // SPEC §4.3 (TR2): the sender's own candidates never reach the other side.
        if (insertAt < 0) insertAt = kept.length;
        continue;
      }
      // SPEC §4.3 (TR2): the default address (m= port, c=, a=rtcp) names the relay too, never the sender.
      if (active && l === section[0]) {
        const rest = mParts[1].includes("/") ? mParts[1].slice(mParts[1].indexOf("/")) : "";
        kept.push({ line: [mParts[0], `${relay.port}${rest}`, ...mParts.slice(2)].join(" "), eol: l.eol });
      } else if ((active || !isMedia) && /^c=IN IP[46] /.test(l.line)) {
        kept.push({ line: `c=IN ${at} ${relay.address}`, eol: l.eol });
      } else if (active && l.line.startsWith("a=rtcp:")) {
        kept.push({ line: `a=rtcp:${relay.port} IN ${at} ${relay.address}`, eol: l.eol });
      } else {
        kept.push(l);
      }
    }
    if (active) {
      const pos = insertAt < 0 ? kept.length : insertAt;
      // A section whose last line had no line ending gets one before the appended candidate.
      if (pos === kept.length && pos > 0 && kept[pos - 1].eol === "") {
        kept[pos - 1] = { ...kept[pos - 1], eol: defaultEol };
      }
      kept.splice(pos, 0, { line: candidateLine, eol: defaultEol });
    }
    for (const l of kept) out.push(l.line + l.eol);
  }
  return out.join("");
}

/**
 * The ICE credentials of an SDP: its first `a=ice-ufrag` and `a=ice-pwd` values (session or media level; with BUNDLE
 * every section carries the same), or undefined when either is missing (SPEC §4.3 TR4).
 */
export function extractIceCredentials(sdp: string): { ufrag: string; pwd: string } | undefined {
  if (typeof sdp !== "string") throw new TypeError("SDP must be a string");
  let ufrag: string | undefined;
  let pwd: string | undefined;
  for (const { line } of splitLines(sdp)) {
    if (ufrag === undefined && line.startsWith("a=ice-ufrag:")) ufrag = line.slice(12).trim();
    if (pwd === undefined && line.startsWith("a=ice-pwd:")) pwd = line.slice(10).trim();
  }
  return ufrag && pwd ? { ufrag, pwd } : undefined;
}
