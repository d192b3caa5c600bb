/** Sign up, sign in, refresh and sign out. */
import { type Context, Hono } from "hono";
import { type AuthDeps, refresh, signIn, signOut, signUp } from "../auth/accounts";
import { closeDeviceSockets, holdersIn } from "../auth/revocation";
import type { AppEnv } from "../http/context";
import { clientIp, limit, readJson, requireAuth, tokenKeys } from "../http/middleware";
import { RefreshBody, SignInBody, SignUpBody } from "../protocol";

function deps(c: Context<AppEnv>): AuthDeps {
  return {
    db: c.env.DB,
    settings: c.var.settings,
    keys: tokenKeys(c),
    now: Date.now(),
    ip: clientIp(c),
    closeDevice: async (userId, deviceId) => {
      await closeDeviceSockets(c.env.DB, holdersIn(c.env), { userId, deviceId }, Date.now());
    },
  };
}

export const authRoutes = new Hono<AppEnv>()
  .post("/signup", async (c) => {
    const body = await readJson(c, SignUpBody);
    return c.json(await signUp(deps(c), body), 201);
  })
  .post("/signin", async (c) => {
    const body = await readJson(c, SignInBody);
    return c.json(await signIn(deps(c), body));
  })
  .post("/refresh", async (c) => {
    const body = await readJson(c, RefreshBody);
    return c.json(await refresh(deps(c), body.refreshToken));
  })
  .post("/signout", requireAuth(), limit("change"), async (c) => {
    const { userId, deviceId } = c.var.identity;
    await signOut(deps(c), userId, deviceId);
    return c.body(null, 204);
  });
