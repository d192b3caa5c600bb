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
  const server = await startDevServer({
    SIGNUP_MAX_PER_IP: "1000",
    SIGNIN_MAX_ATTEMPTS_PER_IP: "1000",
  });
  project.provide("appUrl", server.url);
  return () => server.stop();
}
