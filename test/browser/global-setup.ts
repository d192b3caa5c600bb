import type { TestProject } from "vitest/node";
import { startDevServer } from "../e2e/dev-server";
import { findChromium } from "./chromium";

declare module "vitest" {
  export interface ProvidedContext {
    appUrl: string;
  }
}

/**
 * One `wrangler dev` serving the built web client (npm test builds it first), and the
 * Chromium every browser test launches, found once.
 */
export default async function setup(project: TestProject) {
  project.provide("chromiumPath", await findChromium());
  // Set-up signs many people up, creates many rooms and posts many messages over HTTP; the
  // limits themselves are tested in test/worker/limits.test.ts and test/timing/.
  const server = await startDevServer({
    SIGNUP_MAX_PER_IP: "1000",
    SIGNIN_MAX_ATTEMPTS_PER_IP: "1000",
    SEND_RATE_PER_SECOND: "1000",
    SEND_BURST: "1000",
    CHANGE_BURST: "1000",
    ROOM_CREATE_MAX_PER_HOUR: "1000",
  });
  project.provide("appUrl", server.url);
  return () => server.stop();
}
