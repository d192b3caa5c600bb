import type { TestProject } from "vitest/node";
import { startFakePushServer } from "../push/fake-push-server";
import { startDevServer } from "./dev-server";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    pushUrl: string;
  }
}

/**
 * One `wrangler dev` for the whole e2e project, and the fake push service it sends pushes
 * to, both stopped when the run ends.
 */
export default async function setup(project: TestProject) {
  const push = await startFakePushServer();
  // Every e2e user signs up from 127.0.0.1; the per-IP sign-up limit is tested in
  // test/worker/auth.test.ts, so here it is raised out of the way. The refresh grace window
  // is 1 s, so that a reuse after it is seen in real time.
  const server = await startDevServer({
    SIGNUP_MAX_PER_IP: "1000",
    REFRESH_REUSE_GRACE_SECONDS: "1",
    PUSH_SERVICES: push.url,
  });
  project.provide("baseUrl", server.url);
  project.provide("pushUrl", push.url);
  return async () => {
    await server.stop();
    await push.stop();
  };
}
