/** `npm run screenshots`: the app's main screens, saved to docs/screenshots/ (not a test). */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/browser/screenshots.shot.ts"],
    environment: "node",
    globalSetup: ["test/browser/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
