/**
 * SPEC §2.5 (S2), §10: the hub's evidence per endpoint — how many frames it sent and which errors the service
 * answered them with (the last 20).
 */

/** One refused frame: its message type (null when it did not parse) and the error code the service answered. */
export interface RefusedFrame {
  type: string | null;
  code: string;
}

/** An endpoint's counters as `SignalingHub.traffic()` reports them. */
export interface EndpointTraffic {
  endpointId: string;
  device: string;
  framesIn: number;
  errorsOut: number;
  lastErrors: RefusedFrame[];
}

/** How many refused frames are kept per endpoint. */
const LAST_ERRORS = 20;

/** The counters of every endpoint that sent a frame after authenticating. */
export class TrafficLog {
  readonly #byEndpoint = new Map<string, { framesIn: number; errorsOut: number; lastErrors: RefusedFrame[] }>();

  /** Counts one frame from `endpointId` (error null) or one error answered to it. */
  count(endpointId: string, error: RefusedFrame | null): void {
    const t = this.#get(endpointId);
    this.#byEndpoint.set(endpointId, t);
    if (error === null) t.framesIn++;
    else {
      t.errorsOut++;
      t.lastErrors.push(error);
      if (t.lastErrors.length > LAST_ERRORS) t.lastErrors.shift();
    }
  }

  /** A copy of the counters of each endpoint given (zero for one that sent nothing). */
  of(endpoints: { id: string; device: string }[]): EndpointTraffic[] {
    return endpoints.map((ep) => {
      const t = this.#get(ep.id);
      return {
        endpointId: ep.id,
        device: ep.device,
        framesIn: t.framesIn,
        errorsOut: t.errorsOut,
        lastErrors: [...t.lastErrors],
      };
    });
  }

  #get(endpointId: string) {
    return this.#byEndpoint.get(endpointId) ?? { framesIn: 0, errorsOut: 0, lastErrors: [] };
  }
}
