/**
 * The wire protocol: every HTTP body and WebSocket frame that crosses the edge, as valibot
 * schemas and the TypeScript types derived from them. The worker, the Durable Objects, the
 * SDK and the web client all import this one module, so a frame is defined exactly once.
 *
 * Input from outside is parsed with {@link parseBody} or {@link parseClientFrame}, which
 * return `{ ok: true, value } | { ok: false, error }` and never throw. Frames the server
 * sends are plain types: the server builds them, so they need no runtime check.
 *
 * Compatibility rule: clients must ignore server frames whose `type` they do not know, so
 * that new frame kinds can be added without breaking old clients.
 */
export * from "./answers";
export * from "./changes";
export * from "./closes";
export * from "./common";
export * from "./frames";
export * from "./http";
export * from "./inbox";
export * from "./media";
export * from "./model";
export * from "./objects";
export * from "./parse";
export * from "./push";
export * from "./reports";
export * from "./room-ids";
export * from "./room-kinds";
export * from "./search";
