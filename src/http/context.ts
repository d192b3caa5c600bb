import type { Identity } from "../auth/tokens";
import type { Env } from "../env";
import type { Settings } from "../settings";

/** Hono's type parameters for this app: bindings and per-request variables. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    settings: Settings;
    /** Set by `requireAuth`: who is calling, from the verified token only. */
    identity: Identity;
  };
}
