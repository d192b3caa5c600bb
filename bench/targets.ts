/**
 * The two things measured, behind the same `Connect`: this service (users signed up through
 * the public API, one group, each member on the SDK's ChatConnection) and the baseline (raw
 * sockets to one rebroadcasting object).
 */
import { ApiClient, ChatConnection } from "../src/client";
import type { ChatMessage, ServerFrame } from "../src/protocol";
import type { Connect, Endpoint } from "./load";

let userCounter = 0;

export interface OurRoom {
  roomId: string;
  apis: ApiClient[];
  /** The newest useq each member's connection processed (for reconnecting from it). */
  cursors: number[];
  connect: Connect;
}

/** Signs up `members` users, puts them in one group, and connects them on demand. */
export async function ourRoom(baseUrl: string, members: number): Promise<OurRoom> {
  const apis: ApiClient[] = [];
  const run = Date.now().toString(36);
  for (let i = 0; i < members; i += 10) {
    const batch = Array.from({ length: Math.min(10, members - i) }, async () => {
      const api = new ApiClient({ baseUrl });
      await api.signUp({
        username: `bench_${run}_${++userCounter}`,
        displayName: "bench",
        password: "correct horse battery",
      });
      return api;
    });
    apis.push(...(await Promise.all(batch)));
  }
  const [owner, ...rest] = apis as [ApiClient, ...ApiClient[]];
  const room = await owner.authed<{ id: string }>("POST", "/api/rooms", {
    kind: "group",
    title: "bench",
    memberIds: rest.map((api) => api.session?.user.id),
  });
  const cursors = apis.map(() => 0);
  // Which message (by seq) carried which key: a `message_ref` names only the seq.
  const keyOfSeq = new Map<number, string>();
  const connect: Connect = async (index, hooks) => {
    const api = apis[index] as ApiClient;
    const connection = await ChatConnection.open(api, { requestTimeoutMs: 30_000 });
    let timer: ReturnType<typeof setTimeout> | undefined;
    /** The newest seq of the room this member's session has logged. */
    let loggedSeq = 0;
    connection.onFrame((frame: ServerFrame) => {
      if (frame.type === "message" && frame.room.id === room.id) {
        hooks.deliver(index, frame.message.body);
        hooks.logged(index, frame.message.body);
        loggedSeq = frame.message.seq;
      } else if (frame.type === "message_ref" && frame.roomId === room.id) {
        // One reference stands for the run of messages up to its seq.
        for (let seq = loggedSeq + 1; seq <= frame.seq; seq++) {
          const key = keyOfSeq.get(seq);
          if (key !== undefined) hooks.logged(index, key);
        }
        loggedSeq = Math.max(loggedSeq, frame.seq);
      } else return;
      cursors[index] = Math.max(cursors[index] ?? 0, frame.useq);
      // Tell the server how far this device got, a few times a second, as the SDK does.
      timer ??= setTimeout(() => {
        timer = undefined;
        connection.notify({ type: "cursor", cursor: cursors[index] ?? 0 });
      }, 250);
    });
    await connection.hello(cursors[index]);
    // The member has the room open, as the web client does while it shows the room.
    const live = (await ChatConnection.openRoom(api, room.id, { requestTimeoutMs: 30_000 }))
      .connection;
    live.onFrame((frame: ServerFrame) => {
      if (frame.type !== "live") return;
      keyOfSeq.set(frame.message.seq, frame.message.body);
      hooks.deliver(index, frame.message.body);
    });
    const endpoint: Endpoint = {
      send(key) {
        // As the SDK does: a room open on its own socket takes the member's sends there.
        live
          .request({ type: "send", roomId: room.id, clientMsgId: key, body: key })
          .then((frame) => frame.type === "ack" && hooks.ack(key))
          .catch(() => undefined); // counted as lost
      },
      async close() {
        clearTimeout(timer);
        live.close();
        connection.close();
        await Promise.all([connection.closed, live.closed]);
      },
    };
    return endpoint;
  };
  return { roomId: room.id, apis, cursors, connect };
}

/**
 * Reconnects member `index` from its cursor; resolves when every message of `missed` (the
 * keys it missed) has arrived. Other frames do not count: the replay also holds what the
 * member's session had not logged yet when it left (a quiet member's session is seconds
 * behind its room socket), and a new socket is sent deliveries before its `hello`, which the
 * replay then repeats.
 */
export async function timeOurReplay(
  room: OurRoom,
  index: number,
  missed: ReadonlySet<string>,
): Promise<{ ms: number; received: number }> {
  const start = performance.now();
  const connection = await ChatConnection.open(room.apis[index] as ApiClient);
  const got = new Set<string>();
  let received = 0;
  const done = new Promise<void>((resolve) => {
    connection.onFrame((frame) => {
      if (frame.type !== "message" || frame.room.id !== room.roomId) return;
      const key = frame.message.body;
      if (!missed.has(key) || got.has(key)) return;
      got.add(key);
      received = got.size;
      if (received >= missed.size) resolve();
    });
  });
  await connection.hello(room.cursors[index]);
  await Promise.race([done, new Promise((r) => setTimeout(r, 60_000))]);
  const ms = performance.now() - start;
  connection.close();
  return { ms, received };
}

/** Fetches one history page; returns the time it took. */
export async function timeOurPage(
  room: OurRoom,
  query: string,
): Promise<{ ms: number; messages: ChatMessage[] }> {
  const api = room.apis[1] as ApiClient;
  const start = performance.now();
  const page = await api.authed<{ messages: ChatMessage[] }>(
    "GET",
    `/api/rooms/${encodeURIComponent(room.roomId)}/messages${query}`,
  );
  return { ms: performance.now() - start, messages: page.messages };
}

function openSocket(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.addEventListener("open", () => resolve(ws), { once: true });
    ws.addEventListener("error", () => reject(new Error(`could not open ${url}`)), {
      once: true,
    });
  });
}

/** The baseline's members: raw sockets; a frame is `{ k: key, s: senderIndex }`. */
export function baselineConnect(baseUrl: string): Connect {
  const wsUrl = `${baseUrl.replace(/^http/, "ws")}/ws`;
  return async (index, hooks) => {
    const ws = await openSocket(wsUrl);
    ws.addEventListener("message", (event) => {
      const frame = JSON.parse(String(event.data)) as { k: string; s: number };
      if (frame.s === index) hooks.ack(frame.k);
      hooks.deliver(index, frame.k);
      hooks.logged(index, frame.k);
    });
    return {
      send(key) {
        ws.send(JSON.stringify({ k: key, s: index }));
      },
      async close() {
        const closed = new Promise((r) => ws.addEventListener("close", r, { once: true }));
        ws.close();
        await closed;
      },
    };
  };
}

/** A new baseline socket asking for the last `count` frames: time until it has them. */
export async function timeBaselineReplay(
  baseUrl: string,
  count: number,
): Promise<{ ms: number; received: number }> {
  const start = performance.now();
  const ws = new WebSocket(`${baseUrl.replace(/^http/, "ws")}/ws?replay=${count}`);
  let received = 0;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 60_000);
    ws.addEventListener("message", (event) => {
      JSON.parse(String(event.data));
      received += 1;
      if (received >= count) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const ms = performance.now() - start;
  ws.close();
  return { ms, received };
}

export async function timeBaselinePage(baseUrl: string): Promise<{ ms: number; count: number }> {
  const start = performance.now();
  const page = (await (await fetch(`${baseUrl}/history`)).json()) as { messages: unknown[] };
  return { ms: performance.now() - start, count: page.messages.length };
}
