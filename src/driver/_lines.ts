/**
 * Line framing for the driver protocol (SPEC §7): splits a byte stream on "\n" into lines of at most `maxBytes`
 * (newline excluded, a trailing "\r" dropped). A longer line is reported once as oversized and skipped to its end,
 * never buffered whole. Internal to src/driver.
 */

/** One framed line, or the notice that a line was too long (its bytes are discarded). */
export type LineEvent = { kind: "line"; bytes: Uint8Array } | { kind: "oversized" };

/** Incremental splitter: feed chunks, get complete lines. */
export class LineSplitter {
  readonly maxBytes: number;
  #buf: Uint8Array;
  #len = 0;
  #skipping = false;

  /** `maxBytes`: the longest line accepted (SPEC §7: 1 MiB). */
  constructor(maxBytes: number) {
    if (!(maxBytes > 0)) throw new RangeError(`Invalid line limit: "${maxBytes}"`);
    this.maxBytes = maxBytes;
    this.#buf = new Uint8Array(Math.min(maxBytes + 1, 64 * 1024));
  }

  /** Consumes a chunk and returns the events it completes, in order. */
  push(chunk: Uint8Array): LineEvent[] {
    const out: LineEvent[] = [];
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(10, start);
      const end = nl === -1 ? chunk.length : nl;
      if (!this.#skipping) this.#append(chunk.subarray(start, end), out);
      if (nl === -1) break;
      // End of a line.
      if (this.#skipping) this.#skipping = false;
      else out.push(this.#take());
      this.#len = 0;
      start = nl + 1;
    }
    return out;
  }

  /** Returns the unterminated last line (if any) at end of input. */
  end(): LineEvent[] {
    if (this.#skipping || this.#len === 0) {
      this.#skipping = false;
      this.#len = 0;
      return [];
    }
    const ev = this.#take();
    this.#len = 0;
    return [ev];
  }

  #append(part: Uint8Array, out: LineEvent[]): void {
    if (this.#len + part.length > this.maxBytes + 1) {
      // +1 leaves room for a trailing "\r" on a line of exactly maxBytes.
      out.push({ kind: "oversized" });
      this.#skipping = true;
      this.#len = 0;
      return;
    }
    if (this.#len + part.length > this.#buf.length) {
      const bigger = new Uint8Array(
        Math.min(this.maxBytes + 1, Math.max(this.#buf.length * 2, this.#len + part.length)),
      );
      bigger.set(this.#buf.subarray(0, this.#len));
      this.#buf = bigger;
    }
    this.#buf.set(part, this.#len);
    this.#len += part.length;
  }

  #take(): LineEvent {
    let n = this.#len;
    if (n > 0 && this.#buf[n - 1] === 13) n--; // CRLF
    if (n > this.maxBytes) return { kind: "oversized" }; // maxBytes + 1 bytes without a "\r"
    return { kind: "line", bytes: this.#buf.slice(0, n) };
  }
}
