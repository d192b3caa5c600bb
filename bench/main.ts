/**
 * `npm run bench [-- --quick]`: this service against a bare rebroadcasting Durable Object,
 * both under `wrangler dev` on this machine, driven by the same client code. Prints a table,
 * then one JSON line. `--quick` (CI) runs short and fails on any loss or duplicate.
 */
import { writeFile } from "node:fs/promises";
import { type DevServer, startDevServer } from "../test/e2e/dev-server";
import { LoadRoom, type RunResult, SLICE_MS, stats } from "./load";
import { startProfile, summarize } from "./profile";
import {
  baselineConnect,
  ourRoom,
  timeBaselinePage,
  timeBaselineReplay,
  timeOurPage,
  timeOurReplay,
} from "./targets";

const quick = process.argv.includes("--quick");
/** `--name=value` from the command line, for profiling runs (`--members=10 --rates=5,20`). */
const arg = (name: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const MEMBERS = Number(arg("members") ?? 100);
/**
 * `--tmpfs`: both servers keep their local state in /dev/shm, which takes this machine's
 * disk flushes out of the figures (production storage does not flush to a local disk).
 */
const TMPFS = process.argv.includes("--tmpfs");
/** `--logs=FILE`: where to write what our server printed (warnings, errors), for profiling. */
const LOGS = arg("logs");
/**
 * `--set=NAME=VALUE,NAME=VALUE`: settings for our server (see src/settings.ts), to try
 * one in a profiling run without editing the bench.
 */
const SET = Object.fromEntries(
  (arg("set") ?? "")
    .split(",")
    .filter(Boolean)
    .map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]),
);
/** `--profile=FILE`: a CPU profile of our worker over the 50 msg/s fanout run. */
const PROFILE = arg("profile");
/** `--timeline`: print the worst delivery latency of each slice of every fanout run. */
const TIMELINE = process.argv.includes("--timeline");
const RATES = (arg("rates") ?? "20,50,100").split(",").map(Number);
/** `--seconds=N`: how long each fanout rate runs (2 with `--quick`, else 10). */
const SECONDS = Number(arg("seconds") ?? (quick ? 2 : 10));
/** Capacity: the highest of these rates whose p99 delivery stays under the bound. */
const CAPACITY_RATES = quick ? [] : [1, 2, 5, 10, 20, 40, 60, 80, 100, 150, 200, 300];
const CAPACITY_SECONDS = 3;
const CAPACITY_P99_BOUND_MS = 500;
const REPLAY_EVENTS = quick ? 200 : 1000;
const REPLAY_RATE = 200;
const HISTORY_SAMPLES = quick ? 5 : 30;

const ms = (n: number) => `${n.toFixed(1)} ms`;
const ratio = (ours: number, base: number) => (base > 0 ? ours / base : Number.NaN);
const median = (values: number[]) => stats(values).p50;
const log = (line: string) => process.stderr.write(`${line}\n`);

interface Row {
  metric: string;
  ours: string;
  baseline: string;
  ratio: number;
}

/** Runs the bench; resolves with the exit code. */
export async function main(): Promise<number> {
  log(`starting both servers${quick ? " (quick)" : ""}${TMPFS ? ", state in /dev/shm" : ""}…`);
  if (TMPFS) process.env.TMPDIR = "/dev/shm";
  const [server, baseServer] = await Promise.all([
    startDevServer({
      // The bench measures the message path, not the limiters or sign-up hashing limits.
      SIGNUP_MAX_PER_IP: "100000",
      SEND_RATE_PER_SECOND: "10000",
      SEND_BURST: "10000",
      // A small window, so the archive and trimming run during the load and history has
      // an archived tier to page.
      RETENTION_MESSAGES: "200",
      RETENTION_AGE_SECONDS: "0",
      ...SET,
    }),
    startDevServer({}, { config: "bench/baseline/wrangler.toml" }),
  ]);
  const rows: Row[] = [];
  let lost = 0;
  let duplicates = 0;
  const ours = new LoadRoom(MEMBERS);
  const base = new LoadRoom(MEMBERS);
  try {
    log(`signing up ${MEMBERS} users and connecting them…`);
    const room = await ourRoom(server.url, MEMBERS);
    await ours.connect(room.connect);
    await base.connect(baselineConnect(baseServer.url));
    await ours.atRate(20, 1); // warm-up, not counted
    await base.atRate(20, 1);

    const fanout = new Map<
      number,
      { ours: RunResult; base: RunResult; oursCpu: number; baseCpu: number }
    >();
    /** A run, and the server CPU time it cost per delivery, in microseconds. */
    const measured = async (load: LoadRoom, target: DevServer, rate: number) => {
      const before = await target.cpuMs();
      const result = await load.atRate(rate, SECONDS);
      const cpu = ((await target.cpuMs()) - before) * 1000;
      return { result, cpuPerDelivery: result.delivered > 0 ? cpu / result.delivered : 0 };
    };
    for (const rate of RATES) {
      log(`fanout at ${rate} msg/s…`);
      const { result: b, cpuPerDelivery: baseCpu } = await measured(base, baseServer, rate);
      const stopProfile =
        PROFILE && rate === 50 ? await startProfile(server.inspectorUrl) : undefined;
      const { result: o, cpuPerDelivery: oursCpu } = await measured(ours, server, rate);
      if (stopProfile && PROFILE) {
        const profile = await stopProfile();
        await writeFile(PROFILE, JSON.stringify(profile));
        log(`  CPU profile in ${PROFILE}; most self time:\n${summarize(profile).join("\n")}`);
      }
      fanout.set(rate, { ours: o, base: b, oursCpu, baseCpu });
      if (TIMELINE) {
        log(`  worst delivery per ${SLICE_MS} ms, ours: ${o.worstBySlice.join(" ")}`);
        log(`  worst delivery per ${SLICE_MS} ms, base: ${b.worstBySlice.join(" ")}`);
      }
      lost += o.lost;
      duplicates += o.duplicates;
      /** A latency row: `pick` reads the same figure from both runs. */
      const latency = (metric: string, pick: (r: RunResult) => number): Row => ({
        metric: `${rate}/s ${metric}`,
        ours: ms(pick(o)),
        baseline: ms(pick(b)),
        ratio: ratio(pick(o), pick(b)),
      });
      rows.push(
        latency("ack p50", (r) => r.ack.p50),
        latency("ack p99", (r) => r.ack.p99),
        latency("delivery p50", (r) => r.delivery.p50),
        latency("delivery p99", (r) => r.delivery.p99),
        latency("delivery max", (r) => r.delivery.max),
        latency("logged by session p99", (r) => r.logged.p99),
        {
          metric: `${rate}/s server CPU per delivery`,
          ours: `${oursCpu.toFixed(0)} µs`,
          baseline: `${baseCpu.toFixed(0)} µs`,
          ratio: ratio(oursCpu, baseCpu),
        },
        {
          metric: `${rate}/s delivered/expected`,
          ours: `${o.delivered}/${o.expected}`,
          baseline: `${b.delivered}/${b.expected}`,
          ratio: ratio(o.delivered / o.expected, b.delivered / b.expected),
        },
        {
          metric: `${rate}/s duplicates`,
          ours: String(o.duplicates),
          baseline: String(b.duplicates),
          ratio: Number.NaN,
        },
      );
    }

    let capacity = { ours: 0, base: 0, oursRate: 0, baseRate: 0 };
    for (const [name, load] of [
      ["base", base],
      ["ours", ours],
    ] as const) {
      for (const rate of CAPACITY_RATES) {
        log(`capacity (${name}) at ${rate} msg/s…`);
        const r = await load.atRate(rate, CAPACITY_SECONDS);
        if (r.lost > 0 || r.delivery.p99 > CAPACITY_P99_BOUND_MS) break;
        if (name === "ours")
          capacity = { ...capacity, ours: r.deliveriesPerSecond, oursRate: rate };
        else capacity = { ...capacity, base: r.deliveriesPerSecond, baseRate: rate };
      }
    }
    if (CAPACITY_RATES.length > 0) {
      rows.push({
        metric: `capacity (p99 < ${CAPACITY_P99_BOUND_MS} ms), deliveries/s`,
        ours: `${capacity.ours.toFixed(0)} at ${capacity.oursRate} msg/s`,
        baseline: `${capacity.base.toFixed(0)} at ${capacity.baseRate} msg/s`,
        ratio: ratio(capacity.ours, capacity.base),
      });
    }

    log(`reconnect after ${REPLAY_EVENTS} missed events…`);
    await ours.endpoint(1).close();
    const missed = await ours.atRate(REPLAY_RATE, REPLAY_EVENTS / REPLAY_RATE, new Set([1]));
    lost += missed.lost;
    duplicates += missed.duplicates;
    const oursReplay = await timeOurReplay(room, 1, ours.lastRunKeys());
    await base.atRate(REPLAY_RATE, REPLAY_EVENTS / REPLAY_RATE);
    const baseReplay = await timeBaselineReplay(baseServer.url, REPLAY_EVENTS);
    lost += REPLAY_EVENTS - oursReplay.received;
    rows.push({
      metric: `reconnect, ${REPLAY_EVENTS} missed events`,
      ours: `${ms(oursReplay.ms)} (${oursReplay.received})`,
      baseline: `${ms(baseReplay.ms)} (${baseReplay.received})`,
      ratio: ratio(oursReplay.ms, baseReplay.ms),
    });

    log("history pages…");
    await new Promise((r) => setTimeout(r, 2_000)); // the archive alarm catches up
    const fromObject: number[] = [];
    const fromArchive: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < HISTORY_SAMPLES; i++) {
      const recent = await timeOurPage(room, "?limit=50");
      const archived = await timeOurPage(room, "?before=51&limit=50");
      if (recent.messages.length !== 50 || archived.messages.length !== 50) {
        throw new Error("a history page came back short");
      }
      fromObject.push(recent.ms);
      fromArchive.push(archived.ms);
      baseline.push((await timeBaselinePage(baseServer.url)).ms);
    }
    const basePage = median(baseline);
    rows.push(
      {
        metric: "history page of 50, object",
        ours: ms(median(fromObject)),
        baseline: ms(basePage),
        ratio: ratio(median(fromObject), basePage),
      },
      {
        metric: "history page of 50, D1 archive",
        ours: ms(median(fromArchive)),
        baseline: ms(basePage),
        ratio: ratio(median(fromArchive), basePage),
      },
    );

    printTable(rows);
    const at50 = (fanout.get(50) ?? fanout.get(RATES[0] ?? 0)) as {
      ours: RunResult;
      base: RunResult;
      oursCpu: number;
      baseCpu: number;
    };
    const summary = {
      quick,
      tmpfs: TMPFS,
      members: MEMBERS,
      fanout_p50_ratio: round(ratio(at50.ours.delivery.p50, at50.base.delivery.p50)),
      fanout_p99_ratio: round(ratio(at50.ours.delivery.p99, at50.base.delivery.p99)),
      fanout_p50_ms: round(at50.ours.delivery.p50),
      fanout_p99_ms: round(at50.ours.delivery.p99),
      cpu_per_delivery_ratio: round(ratio(at50.oursCpu, at50.baseCpu)),
      capacity_ratio: CAPACITY_RATES.length > 0 ? round(ratio(capacity.ours, capacity.base)) : null,
      capacity_deliveries_per_s: CAPACITY_RATES.length > 0 ? Math.round(capacity.ours) : null,
      reconnect_ratio: round(ratio(oursReplay.ms, baseReplay.ms)),
      history_object_ratio: round(ratio(median(fromObject), basePage)),
      history_archive_ratio: round(ratio(median(fromArchive), basePage)),
      lost,
      duplicates,
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return quick && (lost > 0 || duplicates > 0) ? 1 : 0;
  } finally {
    await Promise.all([ours.close(), base.close()]).catch(() => undefined);
    if (LOGS) await writeFile(LOGS, server.output());
    await Promise.all([server.stop(), baseServer.stop()]);
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function printTable(rows: Row[]): void {
  const header = ["metric", "ours", "baseline", "ours/baseline"];
  const cells = rows.map((r) => [
    r.metric,
    r.ours,
    r.baseline,
    Number.isNaN(r.ratio) ? "" : r.ratio.toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? "").length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i] ?? 0)).join(" | ");
  process.stdout.write(`${line(header)}\n${widths.map((w) => "-".repeat(w)).join("-|-")}\n`);
  for (const c of cells) process.stdout.write(`${line(c)}\n`);
}
