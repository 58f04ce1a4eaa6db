/**
 * Registered endpoints (devices) of authenticated users (SPEC §2.5 S1, §6). A user may have several endpoints;
 * an invite rings all of them.
 */

/** What the hub needs of a connection: send one message, close it. */
export interface Connection {
  send(text: string): void;
  close(code?: number, reason?: string): void;
}

/** One authenticated endpoint. */
export interface Endpoint {
  id: string;
  userId: string;
  tenantId: string;
  device: string;
  /** SPEC §6, §2.1 (P4): `capabilities.e2ee` and `auth.protocol` 3; an endpoint below 3 is not E2EE-capable. */
  e2eeCapable: boolean;
  /** SPEC §6 `auth.protocol` (absent means 1). */
  protocol?: 1 | 2 | 3;
  conn: Connection;
  connectedAt: number;
}

/** Endpoints by id and by user. */
export class EndpointRegistry {
  readonly #byId = new Map<string, Endpoint>();
  #seq = 0;

  /** Adds an endpoint for an authenticated user and returns it. */
  add(init: Omit<Endpoint, "id" | "connectedAt">): Endpoint {
    const ep: Endpoint = { ...init, id: `ep-${++this.#seq}`, connectedAt: Date.now() };
    this.#byId.set(ep.id, ep);
    return ep;
  }

  /** Removes an endpoint (on disconnect). */
  remove(id: string): void {
    this.#byId.delete(id);
  }

  /** The endpoint with this id, if connected. */
  get(id: string): Endpoint | undefined {
    return this.#byId.get(id);
  }

  /** Every connected endpoint of a user. */
  ofUser(userId: string): Endpoint[] {
    return [...this.#byId.values()].filter((e) => e.userId === userId);
  }

  /** Every connected endpoint. */
  all(): Endpoint[] {
    return [...this.#byId.values()];
  }

  /** Sends a message object to an endpoint, if still connected. */
  send(id: string | null | undefined, msg: object): void {
    if (!id) return;
    const ep = this.#byId.get(id);
    if (!ep) return;
    try {
      ep.conn.send(JSON.stringify(msg));
    } catch {
      // The socket is going away; its close handler cleans up.
    }
  }
}
