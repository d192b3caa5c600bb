/**
 * Starts the worker exactly as `npm run dev` does (wrangler dev, local D1 and Durable
 * Objects), on a free loopback port with its own throwaway state, and stops it completely.
 * Used by the end-to-end tests and the benchmark.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { vapidKeyPair } from "../push/vapid-keys";

const ROOT = resolve(import.meta.dirname, "../..");
const WRANGLER = join(ROOT, "node_modules/wrangler/bin/wrangler.js");

export interface DevServer {
  url: string;
  /** The DevTools inspector of the worker (`/json` lists its targets). */
  inspectorUrl: string;
  /** Everything wrangler and the worker printed so far (warnings, `console.*`). */
  output(): string;
  /**
   * CPU time, in milliseconds, used so far by the server's processes (wrangler and
   * workerd); NaN where /proc is not there to read it.
   */
  cpuMs(): Promise<number>;
  /** Its state directory (local D1, Durable Objects), for a server started again on it. */
  persistTo: string;
  port: number;
  /**
   * A hard crash: SIGKILL to wrangler and workerd, nothing flushed, the state left for a
   * server started again with `{ persistTo, port }`.
   */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** Clock ticks a second in /proc/<pid>/stat (USER_HZ): 100 on every Linux port we run on. */
const TICKS_PER_SECOND = 100;

/** Sums user and system CPU time of the processes in process group `group`, in ms. */
async function groupCpuMs(group: number): Promise<number> {
  let entries: string[];
  try {
    entries = await readdir("/proc");
  } catch {
    return Number.NaN;
  }
  let ticks = 0;
  await Promise.all(
    entries
      .filter((name) => /^\d+$/.test(name))
      .map(async (pid) => {
        try {
          const stat = await readFile(`/proc/${pid}/stat`, "utf8");
          // The fields after the command name, which is in parentheses and may hold spaces:
          // state(3) ppid(4) pgrp(5) … utime(14) stime(15).
          const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
          if (Number(fields[2]) !== group) return;
          ticks += Number(fields[11]) + Number(fields[12]);
        } catch {
          // The process ended meanwhile.
        }
      }),
  );
  return (ticks * 1000) / TICKS_PER_SECOND;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

const quietEnv = {
  ...process.env,
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_SEND_METRICS: "false",
  NO_COLOR: "1",
  FORCE_COLOR: "0",
};

function run(args: string[]): Promise<void> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [WRANGLER, ...args], { cwd: ROOT, env: quietEnv });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("exit", (code) =>
      code === 0 ? resolveRun() : reject(new Error(`wrangler ${args[0]} failed:\n${output}`)),
    );
  });
}

async function waitForHealth(
  url: string,
  child: ChildProcess,
  log: () => string,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited early:\n${log()}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`wrangler dev did not become healthy in ${timeoutMs} ms:\n${log()}`);
}

/**
 * `vars` override settings for this server only (e.g. higher sign-up limits for a bench).
 * `config` serves another worker (the benchmark's baseline) instead; it gets no migrations.
 * `persistTo` and `port` start a server again on the state and port of one that was killed;
 * `scheduled` lets a test run the cron handler (`GET /__scheduled?cron=…`), which needs a
 * config whose `run_worker_first` takes that path (see {@link configWithScheduled}).
 */
export async function startDevServer(
  vars: Record<string, string> = {},
  options: {
    config?: string;
    /** Apply this app's D1 migrations (default: unless `config` names another worker). */
    migrate?: boolean;
    persistTo?: string;
    port?: number;
    scheduled?: boolean;
  } = {},
): Promise<DevServer> {
  const persistTo = options.persistTo ?? (await mkdtemp(join(tmpdir(), "edge-chat-dev-")));
  if ((options.migrate ?? !options.config) && !options.persistTo) {
    await run(["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo]);
  }
  const [port, inspectorPort] = [options.port ?? (await freePort()), await freePort()];
  const vapid = vapidKeyPair();
  const allVars = {
    JWT_SECRET: randomBytes(32).toString("base64url"),
    VAPID_PUBLIC_KEY: vapid.publicKey,
    VAPID_PRIVATE_KEY: vapid.privateKey,
    // The usual development origins, and this server's own, so that the pages it serves
    // (the web client, in browser tests) may open sockets.
    ALLOWED_ORIGINS: `http://localhost:8787,http://127.0.0.1:8787,http://127.0.0.1:${port}`,
    ...vars,
  };
  const args = [
    WRANGLER,
    "dev",
    ...(options.config ? ["--config", options.config] : []),
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--inspector-port",
    String(inspectorPort),
    "--persist-to",
    persistTo,
    "--show-interactive-dev-session=false",
    ...(options.scheduled ? ["--test-scheduled"] : []),
    ...Object.entries(allVars).flatMap(([k, v]) => ["--var", `${k}:${v}`]),
  ];
  // Its own process group, so that stop() also ends workerd.
  const child = spawn(process.execPath, args, { cwd: ROOT, env: quietEnv, detached: true });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  // A runner that ends without stopping it (a set-up hook that timed out, say) still ends it.
  const endWithRunner = () => {
    try {
      if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  };
  process.once("exit", endWithRunner);
  child.once("exit", () => process.off("exit", endWithRunner));

  const kill = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((r) => child.once("exit", r));
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
    await exited;
  };

  const stop = async () => {
    if (child.exitCode === null && child.pid !== undefined) {
      const exited = new Promise((r) => child.once("exit", r));
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // Already gone.
      }
      const timer = setTimeout(() => {
        try {
          if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
        } catch {
          // Already gone.
        }
      }, 5_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(persistTo, { recursive: true, force: true });
  };

  try {
    await waitForHealth(url, child, () => output, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    inspectorUrl: `http://127.0.0.1:${inspectorPort}`,
    output: () => output,
    cpuMs: () => (child.pid === undefined ? Promise.resolve(Number.NaN) : groupCpuMs(child.pid)),
    persistTo,
    port,
    kill,
    stop,
  };
}

/**
 * A copy of wrangler.toml beside it (so its relative paths hold) whose assets let
 * `/__scheduled` through to the worker: with `run_worker_first` set, every other path that
 * is not an asset gets the web client's page. Remove it when done.
 */
export async function configWithScheduled(): Promise<{ path: string; remove(): Promise<void> }> {
  const path = join(ROOT, `.wrangler-scheduled-${process.pid}.toml`);
  const toml = await readFile(join(ROOT, "wrangler.toml"), "utf8");
  const patched = toml.replace(
    /^run_worker_first = \[(.*)\]$/m,
    'run_worker_first = [$1, "/__scheduled"]',
  );
  if (patched === toml) throw new Error("wrangler.toml has no run_worker_first line to extend");
  await writeFile(path, patched);
  return { path, remove: () => rm(path, { force: true }) };
}
