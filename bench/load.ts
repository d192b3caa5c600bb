/**
 * The load both targets get from the same code: members' connections, messages at a fixed
 * rate from rotating senders, and per-recipient latency, loss and duplicates.
 */

/** One member's live connection to a target (ours, or the baseline). */
export interface Endpoint {
  /** Sends a message whose body is `key`. */
  send(key: string): void;
  close(): Promise<void>;
}

export interface Hooks {
  /** The sender learnt its message `key` is stored (ours: `ack`; baseline: its own copy). */
  ack(key: string): void;
  /** Member `index` received message `key`. */
  deliver(index: number, key: string): void;
  /**
   * Member `index`'s session logged message `key` (ours: its `message` or `message_ref`
   * arrived, so the inbox and cursor are up to date; baseline: the same as delivery).
   */
  logged(index: number, key: string): void;
}

/** Opens member `index`'s connection, reporting what arrives to `hooks`. */
export type Connect = (index: number, hooks: Hooks) => Promise<Endpoint>;

export interface Stats {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export interface RunResult {
  rate: number;
  sent: number;
  expected: number;
  delivered: number;
  lost: number;
  duplicates: number;
  ack: Stats;
  delivery: Stats;
  /** Send → the recipient's session logged it (see {@link Hooks.logged}). */
  logged: Stats;
  /** Deliveries a second, from the first send to the last delivery. */
  deliveriesPerSecond: number;
  /** The worst delivery latency of the messages sent in each {@link SLICE_MS} of the run. */
  worstBySlice: number[];
}

/** The width of one slice of {@link RunResult.worstBySlice}. */
export const SLICE_MS = 250;

export function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { count: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? 0 };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A room under load: every member connected, counting what each receives. */
export class LoadRoom {
  private endpoints: Endpoint[] = [];
  private sentAt = new Map<string, number>();
  private seen = new Map<string, Set<number>>();
  private ackLatency: number[] = [];
  private deliveryLatency: number[] = [];
  private worstBySlice: number[] = [];
  private start = 0;
  private loggedLatency: number[] = [];
  private delivered = 0;
  private duplicates = 0;
  private lastDelivery = 0;
  private run = 0;

  constructor(private readonly members: number) {}

  async connect(connect: Connect, parallel = 10): Promise<void> {
    const hooks: Hooks = {
      ack: (key) => {
        const at = this.sentAt.get(key);
        if (at !== undefined) this.ackLatency.push(performance.now() - at);
      },
      logged: (_index, key) => {
        const at = this.sentAt.get(key);
        if (at !== undefined) this.loggedLatency.push(performance.now() - at);
      },
      deliver: (index, key) => {
        const at = this.sentAt.get(key);
        if (at === undefined) return; // not from this run
        let who = this.seen.get(key);
        if (!who) {
          who = new Set();
          this.seen.set(key, who);
        }
        if (who.has(index)) {
          this.duplicates += 1;
          return;
        }
        who.add(index);
        const now = performance.now();
        this.delivered += 1;
        this.lastDelivery = now;
        this.deliveryLatency.push(now - at);
        const slice = Math.floor((at - this.start) / SLICE_MS);
        this.worstBySlice[slice] = Math.max(this.worstBySlice[slice] ?? 0, now - at);
      },
    };
    const endpoints: Endpoint[] = new Array(this.members);
    for (let i = 0; i < this.members; i += parallel) {
      const batch = Array.from({ length: Math.min(parallel, this.members - i) }, (_, j) => i + j);
      await Promise.all(
        batch.map(async (index) => {
          endpoints[index] = await connect(index, hooks);
        }),
      );
    }
    this.endpoints = endpoints;
  }

  /**
   * Sends `rate` messages a second for `seconds`, senders in turn, then waits for delivery.
   * Members in `absent` (disconnected) neither send nor are expected to receive.
   */
  async atRate(
    rate: number,
    seconds: number,
    absent: ReadonlySet<number> = new Set(),
    quietMs = 5_000,
  ): Promise<RunResult> {
    this.reset();
    const run = ++this.run;
    const total = Math.max(1, Math.round(rate * seconds));
    const senders = this.endpoints.filter((_, i) => !absent.has(i));
    const start = performance.now();
    this.start = start;
    let sent = 0;
    while (sent < total) {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate) + 1);
      for (; sent < due; sent++) {
        const key = `r${run}m${sent}`;
        const sender = senders[sent % senders.length] as Endpoint;
        this.sentAt.set(key, performance.now());
        sender.send(key);
      }
      await sleep(Math.max(0, start + (sent / rate) * 1000 - performance.now()));
    }
    const expected = total * senders.length;
    // Late is not lost: wait while deliveries still come, until `quietMs` pass without one
    // (or two minutes in all). What never arrives by then counts as lost.
    const giveUp = performance.now() + 120_000;
    while (this.delivered < expected && performance.now() < giveUp) {
      const last = Math.max(this.lastDelivery, start + seconds * 1000);
      if (performance.now() - last > quietMs) break;
      await sleep(20);
    }
    await sleep(100); // late duplicates
    const span = (this.lastDelivery - start) / 1000;
    return {
      rate,
      sent: total,
      expected,
      delivered: this.delivered,
      lost: expected - this.delivered,
      duplicates: this.duplicates,
      ack: stats(this.ackLatency),
      delivery: stats(this.deliveryLatency),
      logged: stats(this.loggedLatency),
      deliveriesPerSecond: span > 0 ? this.delivered / span : 0,
      worstBySlice: Array.from(this.worstBySlice, (v) => Math.round(v ?? 0)),
    };
  }

  /** The keys (message bodies) sent by the last run. */
  lastRunKeys(): Set<string> {
    return new Set(this.sentAt.keys());
  }

  endpoint(index: number): Endpoint {
    return this.endpoints[index] as Endpoint;
  }

  async close(): Promise<void> {
    await Promise.all(this.endpoints.map((e) => e.close().catch(() => undefined)));
  }

  private reset(): void {
    this.sentAt = new Map();
    this.seen = new Map();
    this.ackLatency = [];
    this.deliveryLatency = [];
    this.worstBySlice = [];
    this.loggedLatency = [];
    this.delivered = 0;
    this.duplicates = 0;
    this.lastDelivery = 0;
  }
}
