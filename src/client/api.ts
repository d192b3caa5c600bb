/**
 * The typed HTTP half of the SDK: accounts, profile and socket tickets. Works in browsers and
 * in Node 22+ (global `fetch`).
 */
import type {
  AuthResult,
  ErrorBody,
  Profile,
  PublicUser,
  SignInBody,
  SignUpBody,
  SocketTicket,
} from "../protocol";
import { ChatApiError } from "./errors";

export interface ApiClientOptions {
  /** Where the worker is, e.g. `http://localhost:8787`. */
  baseUrl: string;
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Called whenever the session changes (sign-in, refresh, sign-out), e.g. to persist it. */
  onSession?: (session: AuthResult | null) => void;
}

/**
 * @example
 * ```ts
 * const api = new ApiClient({ baseUrl: "http://localhost:8787" });
 * await api.signIn({ username: "alice", password: "correct horse battery" });
 * const me = await api.me();
 * ```
 */
export class ApiClient {
  readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly onSession: ((session: AuthResult | null) => void) | undefined;
  private current: AuthResult | null = null;
  /** Bumped on every sign-in or sign-out, so a refresh that was in flight cannot undo one. */
  private generation = 0;
  private refreshing: Promise<AuthResult> | null = null;

  constructor(options: ApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.onSession = options.onSession;
  }

  /** The signed-in session, if any. */
  get session(): AuthResult | null {
    return this.current;
  }

  /** Restores a session saved earlier (for example from storage after a reload). */
  restore(session: AuthResult | null): void {
    this.generation++;
    this.setSession(session);
  }

  async signUp(body: SignUpBody): Promise<AuthResult> {
    const session = await this.send<AuthResult>("POST", "/api/auth/signup", body);
    this.generation++;
    return this.setSession(session);
  }

  async signIn(body: SignInBody): Promise<AuthResult> {
    const session = await this.send<AuthResult>("POST", "/api/auth/signin", body);
    this.generation++;
    return this.setSession(session);
  }

  /**
   * Exchanges the refresh token for new tokens. Concurrent callers share one request: a
   * refresh token is single-use, and presenting it twice signs the device out.
   */
  refresh(): Promise<AuthResult> {
    if (!this.refreshing) {
      const token = this.current?.refreshToken;
      if (!token) return Promise.reject(new ChatApiError(401, "unauthorized", "not signed in"));
      const generation = this.generation;
      this.refreshing = this.send<AuthResult>("POST", "/api/auth/refresh", { refreshToken: token })
        .then(
          (session) => {
            if (generation !== this.generation) {
              throw new ChatApiError(401, "session_revoked", "signed out during refresh");
            }
            return this.setSession(session);
          },
          (error: unknown) => {
            // The device is signed out for good: forget its tokens.
            const code = error instanceof ChatApiError ? error.code : undefined;
            if (
              generation === this.generation &&
              (code === "refresh_token_reused" || code === "session_revoked")
            ) {
              this.generation++;
              this.setSession(null);
            }
            throw error;
          },
        )
        .finally(() => {
          this.refreshing = null;
        });
    }
    return this.refreshing;
  }

  async signOut(): Promise<void> {
    try {
      await this.authed<null>("POST", "/api/auth/signout");
    } finally {
      this.generation++;
      this.setSession(null);
    }
  }

  me(): Promise<Profile> {
    return this.authed<Profile>("GET", "/api/me");
  }

  updateProfile(body: { displayName: string }): Promise<Profile> {
    return this.authed<Profile>("PATCH", "/api/me", body);
  }

  findUser(username: string): Promise<PublicUser> {
    return this.authed<PublicUser>("GET", `/api/users/${encodeURIComponent(username)}`);
  }

  /** Public profiles for ids (at most `LIMITS.userLookupMax`); unknown ids are left out. */
  async findUsers(ids: readonly string[]): Promise<PublicUser[]> {
    if (ids.length === 0) return [];
    const query = ids.map(encodeURIComponent).join(",");
    return (await this.authed<{ users: PublicUser[] }>("GET", `/api/users?ids=${query}`)).users;
  }

  /** A single-use ticket for opening one WebSocket. */
  socketTicket(): Promise<SocketTicket> {
    return this.authed<SocketTicket>("POST", "/api/socket/ticket");
  }

  /** Sends an authenticated request, refreshing once if the access token has expired. */
  async authed<T>(method: string, path: string, body?: unknown): Promise<T> {
    if (!this.current) throw new ChatApiError(401, "unauthorized", "not signed in");
    try {
      return await this.send<T>(method, path, body, this.current.accessToken);
    } catch (error) {
      if (!(error instanceof ChatApiError) || error.code !== "token_expired") throw error;
      const session = await this.refresh();
      return this.send<T>(method, path, body, session.accessToken);
    }
  }

  private setSession(session: AuthResult | null): AuthResult {
    this.current = session;
    this.onSession?.(session);
    return session as AuthResult;
  }

  private async send<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (token) headers.Authorization = `Bearer ${token}`;
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (error) {
      throw new ChatApiError(
        0,
        "network_error",
        error instanceof Error ? error.message : String(error),
      );
    }
    const text = await response.text();
    if (!response.ok) {
      let parsed: ErrorBody | null = null;
      try {
        parsed = JSON.parse(text) as ErrorBody;
      } catch {
        // Not our JSON error body (a proxy in between, say).
      }
      const retry = Number(response.headers.get("Retry-After"));
      throw new ChatApiError(
        response.status,
        parsed?.error?.code ?? "internal",
        parsed?.error?.message ?? `HTTP ${response.status}`,
        Number.isFinite(retry) && retry > 0 ? retry : undefined,
      );
    }
    return (text ? JSON.parse(text) : null) as T;
  }
}
