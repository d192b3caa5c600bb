/**
 * The typed HTTP half of the SDK: accounts, profile and socket tickets. Works in browsers and
 * in Node 22+ (global `fetch`).
 */
import type {
  AuthResult,
  Profile,
  PublicUser,
  SignInBody,
  SignUpBody,
  SocketTicket,
} from "../protocol";
import { answerError, ChatApiError } from "./errors";

/** Why a session ended, when it did not end by this client's own `signOut()`. */
export type SessionEnd =
  /** The server signed this device out (elsewhere, or for refresh-token reuse). */
  | "revoked"
  /** Another holder of the shared session (another tab) signed out. */
  | "elsewhere";

/**
 * A session shared between several clients of one device, such as the tabs of a browser:
 * they keep one set of tokens in shared storage and take turns to refresh it. A refresh
 * token is single-use; two holders refreshing it at once would each present it.
 */
export interface SessionSharing {
  /**
   * The session as last saved by any holder (null: signed out), read so that a save another
   * holder finished before is seen (in a browser, IndexedDB; not localStorage).
   */
  load(): Promise<AuthResult | null>;
  /** Saves the session for every holder; resolves once it would be seen by `load`. */
  save(session: AuthResult | null): Promise<void>;
  /** Runs `fn` while no other holder runs one (e.g. the Web Locks API). */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
}

export interface ApiClientOptions {
  /** Where the worker is, e.g. `http://localhost:8787`. */
  baseUrl: string;
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /**
   * Called whenever the session changes (sign-in, refresh, sign-out), e.g. to persist it;
   * with why, when it ended without this client's `signOut()`.
   */
  onSession?: (session: AuthResult | null, ended?: SessionEnd) => void;
  /** Share the session with other clients of this device (see {@link SessionSharing}). */
  sharing?: SessionSharing;
}

/** An access token this close to its expiry is not worth adopting from another holder. */
const ADOPT_MARGIN_MS = 5_000;

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
  private readonly onSession:
    | ((session: AuthResult | null, ended?: SessionEnd) => void)
    | undefined;
  private readonly sharing: SessionSharing | undefined;
  private current: AuthResult | null = null;
  /** Bumped on every sign-in or sign-out, so a refresh that was in flight cannot undo one. */
  private generation = 0;
  private refreshing: Promise<AuthResult> | null = null;

  constructor(options: ApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.onSession = options.onSession;
    this.sharing = options.sharing;
  }

  /** The `fetch` this client sends with (for uploads through the same network path). */
  get fetcher(): typeof fetch {
    return this.fetchImpl;
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

  /**
   * Follows a change another holder of the shared session made: a refresh, a sign-in, a
   * sign-out.
   */
  adopt(session: AuthResult | null): void {
    if (session?.refreshToken === this.current?.refreshToken) return;
    // Another holder's refresh of this same device leaves a refresh here in flight alone:
    // whichever finishes later holds the newer token. A sign-out or another sign-in does not.
    if (session?.deviceId !== this.current?.deviceId) this.generation++;
    this.setSession(session, session ? {} : { ended: "elsewhere" });
  }

  async signUp(body: SignUpBody): Promise<AuthResult> {
    const session = await this.send<AuthResult>("POST", "/api/auth/signup", body);
    this.generation++;
    return this.setSession(session, { share: true });
  }

  async signIn(body: SignInBody): Promise<AuthResult> {
    const session = await this.send<AuthResult>("POST", "/api/auth/signin", body);
    this.generation++;
    return this.setSession(session, { share: true });
  }

  /**
   * Exchanges the refresh token for new tokens. Concurrent callers share one request: a
   * refresh token is single-use (presented again after the server's short grace window, it
   * signs the device out). With {@link SessionSharing}, holders take turns, and one that
   * finds the shared session already refreshed by another adopts it instead.
   */
  refresh(): Promise<AuthResult> {
    if (!this.refreshing) {
      const used = this.current?.refreshToken;
      if (!used) return Promise.reject(new ChatApiError(401, "unauthorized", "not signed in"));
      const generation = this.generation;
      const run = () => this.refreshOnce(used, generation);
      this.refreshing = (this.sharing ? this.sharing.exclusive(run) : run()).finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  private async refreshOnce(used: string, generation: number): Promise<AuthResult> {
    let token = used;
    if (this.sharing) {
      const saved = await this.sharing.load();
      if (!saved || saved.user.id !== this.current?.user.id) {
        // Signed out, or signed in as someone else, in another holder meanwhile.
        this.adopt(saved);
        throw new ChatApiError(401, "session_revoked", "signed out in another tab");
      }
      if (
        saved.refreshToken !== used &&
        saved.accessTokenExpiresAt > Date.now() + ADOPT_MARGIN_MS
      ) {
        this.adopt(saved);
        return saved;
      }
      token = saved.refreshToken;
    }
    try {
      const session = await this.send<AuthResult>("POST", "/api/auth/refresh", {
        refreshToken: token,
      });
      if (generation !== this.generation) {
        throw new ChatApiError(401, "session_revoked", "signed out during refresh");
      }
      // Before the turn ends: the next holder must find this token, not the used one.
      await this.sharing?.save(session);
      return this.setSession(session);
    } catch (error) {
      const code = error instanceof ChatApiError ? error.code : undefined;
      if (code === "refresh_token_reused" || code === "session_revoked") {
        this.signedOutByServer(generation);
      }
      throw error;
    }
  }

  async signOut(): Promise<void> {
    try {
      await this.authed<null>("POST", "/api/auth/signout");
    } finally {
      this.generation++;
      this.setSession(null, { share: true });
    }
  }

  me(): Promise<Profile> {
    return this.authed<Profile>("GET", "/api/me");
  }

  /** Changes the display name, the picture (an upload id, or null for none), or both. */
  updateProfile(body: { displayName?: string; avatarId?: string | null }): Promise<Profile> {
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

  /**
   * Sends an authenticated request, refreshing once if the access token has expired. A
   * device the server says is signed out (`session_revoked`) forgets its tokens.
   */
  authed<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.withToken((token) => this.send<T>(method, path, body, token));
  }

  /**
   * Runs `request` with the access token, and once more with a refreshed one if it fails
   * with `token_expired`; a device the server says is signed out forgets its tokens. For
   * requests `authed` cannot make (an upload with progress, through another transport).
   */
  async withToken<T>(request: (accessToken: string) => Promise<T>): Promise<T> {
    const current = this.current;
    if (!current) throw new ChatApiError(401, "unauthorized", "not signed in");
    const generation = this.generation;
    try {
      return await request(current.accessToken).catch(async (error) => {
        if (!(error instanceof ChatApiError) || error.code !== "token_expired") throw error;
        const session = await this.refresh();
        return request(session.accessToken);
      });
    } catch (error) {
      if (error instanceof ChatApiError && error.code === "session_revoked") {
        this.signedOutByServer(generation);
      }
      throw error;
    }
  }

  /**
   * The server signed this device out: forget its tokens, unless a sign-in or sign-out since
   * `generation` (when the request that learned it started) already replaced them.
   */
  private signedOutByServer(generation: number): void {
    if (generation !== this.generation) return;
    this.generation++;
    this.setSession(null, { ended: "revoked", share: true });
  }

  /**
   * Takes `session` as current. `share`: also save it for the other holders, for a session
   * this client made (sign-in, sign-out); never for one it took from them (`restore`,
   * `adopt`), which may be older than what they hold by now.
   */
  private setSession(
    session: AuthResult | null,
    options: { ended?: SessionEnd; share?: boolean } = {},
  ): AuthResult {
    this.current = session;
    if (options.share) this.sharing?.save(session).catch(() => undefined);
    this.onSession?.(session, options.ended);
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
      throw answerError(response.status, text, response.headers.get("Retry-After"));
    }
    return (text ? JSON.parse(text) : null) as T;
  }
}
