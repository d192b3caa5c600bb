/** The typed SDK used by the web app, the tests and the benchmark. */
export { ApiClient, type ApiClientOptions } from "./api";
export { ChatConnection, type ConnectOptions } from "./connection";
export { ChatApiError } from "./errors";
