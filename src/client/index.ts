/** The typed SDK used by the web app, the tests and the benchmark. */
export { ApiClient, type ApiClientOptions } from "./api";
export {
  ChatClient,
  type ChatClientOptions,
  type ChatEvent,
  type CursorStore,
  MemoryCursorStore,
} from "./chat-client";
export { ChatConnection, type ConnectOptions } from "./connection";
export { ChatApiError } from "./errors";
export type { LiveEvent } from "./live";
export {
  MemoryOutboxStore,
  type OutboxItem,
  type OutboxStore,
  type PendingMessage,
} from "./outbox";
export { noteMessage, type ReadWatermark, unreadBy } from "./receipts";
export { RoomsApi } from "./rooms-api";
