import type { TestProject } from "vitest/node";
import { startDevServer } from "./dev-server";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/** One `wrangler dev` for the whole e2e project, stopped when the run ends. */
export default async function setup(project: TestProject) {
  const server = await startDevServer();
  project.provide("baseUrl", server.url);
  return () => server.stop();
}
