/** The typed SDK used by the web app, the tests and the benchmark. */
export { ApiClient, type ApiClientOptions, type SessionEnd, type SessionSharing } from "./api";
export { ChatClient, type ChatClientOptions, type ChatEvent } from "./chat-client";
export { ChatConnection, type ConnectOptions } from "./connection";
export { type CursorStore, MemoryCursorStore } from "./cursor";
export { ChatApiError, isFinal } from "./errors";
export { LinkCache, type LinkCacheOptions } from "./link-cache";
export type { LiveEvent } from "./live";
export {
  fetchTransport,
  MediaApi,
  type UploadAnswer,
  type UploadOptions,
  type UploadRequest,
  type UploadTransport,
} from "./media-api";
export { ObjectsApi } from "./objects-api";
export {
  type FileToSend,
  MemoryOutboxStore,
  type OutboxFile,
  type OutboxItem,
  type OutboxStore,
  type PendingFile,
  type PendingMessage,
} from "./outbox";
export { PushApi } from "./push-api";
export { noteMessage, type ReadWatermark, unreadBy } from "./receipts";
export { RoomsApi } from "./rooms-api";
export { SearchApi, type SearchOptions } from "./search-api";
