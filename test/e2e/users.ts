/** Users for the e2e tests: each a fresh sign-up on the shared `wrangler dev`. */
import { ApiClient } from "../../src/client";

let counter = 0;

export async function signedUpUser(baseUrl: string, prefix = "e2e"): Promise<ApiClient> {
  const api = new ApiClient({ baseUrl });
  await api.signUp({
    username: `${prefix}_${Date.now().toString(36)}_${++counter}`,
    displayName: "사용자",
    password: "correct horse battery",
  });
  return api;
}
