/**
 * The account flows behind the auth routes: sign up, sign in, refresh, sign out. Each takes
 * its dependencies explicitly (database, settings, keys, clock) so tests can drive it.
 */
import type { AuthResult, SignInBody, SignUpBody } from "../protocol";
import type { Settings } from "../settings";
import { createDevice, revokeDevice } from "./devices";
import { AuthError } from "./errors";
import { hashPassword, needsRehash, verifyDecoy, verifyPassword } from "./password";
import { rotateRefreshToken } from "./refresh-tokens";
import { clear, throttle } from "./throttle";
import { signAccessToken, type TokenKeys } from "./tokens";
import {
  findById,
  findByUsername,
  insertUser,
  toProfile,
  type UserRow,
  updatePasswordHash,
} from "./users";

export interface AuthDeps {
  db: D1Database;
  settings: Settings;
  keys: TokenKeys;
  now: number;
  /** The client's IP key (see `clientIp`), for per-IP throttling. */
  ip: string;
  /**
   * Closes a revoked device's live sockets (its access token may still be valid). A close
   * that fails is retried by the scheduled sweep; it does not fail the request.
   */
  closeDevice(userId: string, deviceId: string): Promise<void>;
}

function argonParams(settings: Settings) {
  return { memoryKiB: settings.ARGON2_MEMORY_KIB, iterations: settings.ARGON2_ITERATIONS };
}

/** One attempt against `key`, over SIGNIN_WINDOW_SECONDS. */
function attempt(deps: AuthDeps, key: string, limit: number): Promise<void> {
  return throttle(deps.db, key, limit, deps.settings.SIGNIN_WINDOW_SECONDS, deps.now);
}

async function issue(
  deps: AuthDeps,
  user: UserRow,
  deviceId: string,
  refresh: { token: string; expiresAt: number },
): Promise<AuthResult> {
  const access = await signAccessToken(
    deps.keys,
    { userId: user.id, deviceId },
    Math.floor(deps.now / 1000),
    deps.settings.ACCESS_TOKEN_TTL_SECONDS,
  );
  return {
    user: toProfile(user),
    deviceId,
    accessToken: access.token,
    accessTokenExpiresAt: access.expiresAt,
    refreshToken: refresh.token,
    refreshTokenExpiresAt: refresh.expiresAt,
  };
}

async function startDevice(deps: AuthDeps, user: UserRow, deviceName?: string) {
  const { deviceId, refresh } = await createDevice(
    deps.db,
    user.id,
    deviceName,
    deps.now,
    deps.settings.REFRESH_TOKEN_TTL_SECONDS * 1000,
  );
  return issue(deps, user, deviceId, refresh);
}

export async function signUp(deps: AuthDeps, body: SignUpBody): Promise<AuthResult> {
  await attempt(deps, `signup:ip:${deps.ip}`, deps.settings.SIGNUP_MAX_PER_IP);
  // Cheap check first so a taken name costs no hash; the UNIQUE index settles races.
  if (await findByUsername(deps.db, body.username)) {
    throw new AuthError("username_taken", "that username is taken");
  }
  const passwordHash = await hashPassword(body.password, argonParams(deps.settings));
  const user = await insertUser(deps.db, { ...body, passwordHash }, deps.now);
  if (!user) throw new AuthError("username_taken", "that username is taken");
  return startDevice(deps, user, body.deviceName);
}

/**
 * Wrong password and unknown username give the same status, code, message and (through the
 * decoy hash) the same work. Attempts are counted per IP and per username, so guessing one
 * account from many IPs and many accounts from one IP are both slowed.
 */
export async function signIn(deps: AuthDeps, body: SignInBody): Promise<AuthResult> {
  await attempt(deps, `signin:ip:${deps.ip}`, deps.settings.SIGNIN_MAX_ATTEMPTS_PER_IP);
  const accountKey = `signin:user:${body.username}`;
  await attempt(deps, accountKey, deps.settings.SIGNIN_MAX_FAILURES_PER_ACCOUNT);
  const user = await findByUsername(deps.db, body.username);
  const ok = user
    ? await verifyPassword(body.password, user.password_hash)
    : await verifyDecoy(body.password, argonParams(deps.settings));
  if (!user || !ok) {
    throw new AuthError("invalid_credentials", "username or password is incorrect");
  }
  await clear(deps.db, accountKey);
  // Hashes made under older, weaker settings are upgraded the next time the password is known.
  const params = argonParams(deps.settings);
  if (needsRehash(user.password_hash, params)) {
    const rehashed = await hashPassword(body.password, params);
    await updatePasswordHash(deps.db, user.id, rehashed, deps.now);
  }
  return startDevice(deps, user, body.deviceName);
}

export async function refresh(deps: AuthDeps, refreshToken: string): Promise<AuthResult> {
  await attempt(deps, `refresh:ip:${deps.ip}`, deps.settings.REFRESH_MAX_PER_IP);
  const result = await rotateRefreshToken(deps.db, refreshToken, {
    now: deps.now,
    ttlMs: deps.settings.REFRESH_TOKEN_TTL_SECONDS * 1000,
    graceMs: deps.settings.REFRESH_REUSE_GRACE_SECONDS * 1000,
  });
  if (!result.ok) {
    switch (result.reason) {
      case "reused":
        await deps.closeDevice(result.userId, result.deviceId);
        throw new AuthError(
          "refresh_token_reused",
          "this refresh token was already used; the device has been signed out",
        );
      case "revoked":
        throw new AuthError("session_revoked", "this device has been signed out");
      case "expired":
        throw new AuthError("token_expired", "refresh token expired");
      case "unknown":
        throw new AuthError("invalid_token", "refresh token is not valid");
    }
  }
  const user = await findById(deps.db, result.userId);
  if (!user) throw new AuthError("session_revoked", "this account no longer exists");
  return issue(deps, user, result.deviceId, result.refresh);
}

export async function signOut(deps: AuthDeps, userId: string, deviceId: string): Promise<void> {
  await revokeDevice(deps.db, deviceId, "signed_out", deps.now);
  await deps.closeDevice(userId, deviceId);
}
