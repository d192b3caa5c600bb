import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { startDevServer } from "../e2e/dev-server";
import { findChromium } from "./chromium";

declare module "vitest" {
  export interface ProvidedContext {
    appUrl: string;
    /** The server's OPERATOR_TOKEN, for a test to read reports as the operator. */
    operatorToken: string;
  }
}

/**
 * One `wrangler dev` serving the built web client (npm test builds it first), and the
 * Chromium every browser test launches, found once.
 */
export default async function setup(project: TestProject) {
  project.provide("chromiumPath", await findChromium());
  const operatorToken = randomBytes(32).toString("base64url");
  // Set-up signs many people up, creates many rooms and posts many messages over HTTP; the
  // limits themselves are tested in test/worker/limits.test.ts and test/timing/.
  const server = await startDevServer({
    SIGNUP_MAX_PER_IP: "1000",
    SIGNIN_MAX_ATTEMPTS_PER_IP: "1000",
    SEND_RATE_PER_SECOND: "1000",
    SEND_BURST: "1000",
    CHANGE_BURST: "1000",
    ROOM_CREATE_MAX_PER_HOUR: "1000",
    OPERATOR_TOKEN: operatorToken,
  });
  project.provide("appUrl", server.url);
  project.provide("operatorToken", operatorToken);
  return () => server.stop();
}
