import { availableParallelism } from "node:os";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { FakePushService } from "./test/push/fake-push-service";
import { vapidKeyPair } from "./test/push/vapid-keys";

/**
 * The test projects:
 * - `workers`: integration tests inside workerd (the real runtime, D1 and Durable Objects),
 *   storage isolated per test file.
 * - `unit`: pure logic in Node (a fresh workerd per file cost ~4 s each, for nothing).
 * - `e2e`: Node tests against `wrangler dev` started by test/e2e/global-setup.ts, with real
 *   WebSockets over loopback.
 * - `timing`: as `workers`, with presence and typing clocks set short and some limits small.
 * - `quiet`: as `workers`, with the fanout's live window and quiet cycle short, for the tests
 *   that wait on them.
 * - `contract`: Node, no server: the written contract (docs) against the code.
 * - `browser`: real Chromium (a system one, else the npm-packaged one) driven by playwright-core.
 */
export default defineConfig(async () => {
  const migrations = await readD1Migrations("migrations");
  // The push service of the Workers tests: every fetch the worker makes out (there is no
  // other) reaches it, at http://push.test (test/push/fake-push-service.ts).
  const pushService = new FakePushService();
  const vapid = vapidKeyPair();
  const workers = (vars: Record<string, string>) =>
    cloudflareTest({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        bindings: {
          TEST_MIGRATIONS: migrations,
          JWT_SECRET: "test-secret-test-secret-test-secret-0123456789",
          VAPID_PUBLIC_KEY: vapid.publicKey,
          VAPID_PRIVATE_KEY: vapid.privateKey,
          PUSH_SERVICES: "http://push.test",
          OPERATOR_TOKEN: "operator-secret-for-tests-0123456789abcdef",
          ...vars,
        },
        outboundService: pushService.handle,
      },
    });
  return {
    test: {
      // Two test files at a time at least: most of a file's time is waiting (sockets, timers,
      // a browser), and Vitest's default (one less than the cores) runs CI's two cores one
      // file at a time. The suite took 10 minutes so, under 7 this way.
      maxWorkers: Math.max(2, availableParallelism() - 1),
      projects: [
        {
          plugins: [workers({})],
          test: {
            name: "workers",
            include: ["test/worker/**/*.test.ts"],
            setupFiles: ["test/worker/apply-migrations.ts"],
          },
        },
        {
          // Presence and typing clocks at their shortest, so expiry is seen in real time, and
          // limits small enough to reach in a test.
          plugins: [
            workers({
              HEARTBEAT_INTERVAL_MS: "1000",
              HEARTBEAT_TIMEOUT_MS: "1500",
              WATCH_LEASE_MS: "1000",
              TYPING_TTL_MS: "600",
              TYPING_THROTTLE_MS: "100",
              RECEIPT_ROOMS_PER_CURSOR: "2",
              FANOUT_BATCH_MAX: "1",
              RETENTION_MESSAGES: "10",
              RETENTION_AGE_SECONDS: "0",
              ARCHIVE_CHUNK: "7",
              ARCHIVE_BATCH_MAX: "20",
              SEARCH_SCAN_MAX: "5",
              ROOM_CREATE_MAX_PER_HOUR: "4",
              OBJECT_CREATE_MAX_PER_HOUR: "3",
              OBJECT_ASK_MAX_PER_HOUR: "2",
              OBJECT_FANOUT_PAGE: "2",
              OBJECT_EVENTS_PAGE: "2",
              OBJECT_GROUPS_MAX: "1",
              OBJECT_TOKENS_MAX: "2",
              OBJECT_CHATS_LIST_MAX: "2",
              OBJECT_EVENT_SWEEP_MAX: "1",
              MEDIA_BYTES_MAX: "300",
              MEDIA_UPLOADS_MAX_PER_HOUR: "2",
              MEDIA_UNATTACHED_SECONDS: "1",
              OBJECT_TOKEN_POSTS_PER_MINUTE: "2",
              RESYNC_ROOMS_MAX: "2",
              EDIT_WINDOW_SECONDS: "1",
              BLOCKS_LIST_MAX: "2",
              REPORTS_MAX_PER_HOUR: "2",
              OPERATOR_MAX_PER_HOUR: "3",
            }),
          ],
          test: {
            name: "timing",
            include: ["test/timing/**/*.test.ts"],
            setupFiles: ["test/worker/apply-migrations.ts"],
          },
        },
        {
          // The fanout's windows short (defaults 1 s and 5 s), so waits on them are short.
          plugins: [workers({ FANOUT_LIVE_DELAY_MS: "250", FANOUT_QUIET_DELAY_MS: "2000" })],
          test: {
            name: "quiet",
            include: ["test/quiet/**/*.test.ts"],
            setupFiles: ["test/worker/apply-migrations.ts"],
          },
        },
        {
          // Pure logic with no binding: plain Node, where a file costs milliseconds, not the
          // seconds of a fresh workerd.
          test: {
            name: "unit",
            include: ["test/unit/**/*.test.ts"],
            environment: "node",
          },
        },
        {
          test: {
            name: "contract",
            include: ["test/contract/**/*.test.ts"],
            environment: "node",
          },
        },
        {
          test: {
            name: "browser",
            include: ["test/browser/**/*.test.ts"],
            environment: "node",
            globalSetup: ["test/browser/global-setup.ts"],
            testTimeout: 30_000,
            hookTimeout: 60_000,
          },
        },
        {
          test: {
            name: "e2e",
            include: ["test/e2e/**/*.test.ts"],
            environment: "node",
            globalSetup: ["test/e2e/global-setup.ts"],
            testTimeout: 30_000,
            hookTimeout: 60_000,
          },
        },
      ],
    },
  };
});
