/**
 * `--profile=FILE`: a CPU profile of our worker (every object runs in its isolate locally)
 * over one fanout run, taken through the DevTools inspector that `wrangler dev` opens. The
 * file opens in Chrome's DevTools; `summarize` prints the functions with the most self time.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; scriptId: string; url: string; lineNumber: number };
  hitCount?: number;
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  /** Added here: the source of each script with samples, to name lines in the summary. */
  sources?: Record<string, string>;
}

/** Starts profiling; the returned function stops and resolves with the profile. */
export async function startProfile(inspectorUrl: string): Promise<() => Promise<CpuProfile>> {
  const targets = (await (await fetch(`${inspectorUrl}/json`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const target = targets[0];
  if (!target) throw new Error("the inspector lists no target");
  // The inspector proxy wants a local Origin; Node's WebSocket takes headers (undici).
  const init = { headers: { Origin: "http://localhost" } } as unknown as string[];
  const ws = new WebSocket(target.webSocketDebuggerUrl, init);
  await new Promise((resolve, reject) => {
    ws.addEventListener("open", resolve, { once: true });
    ws.addEventListener("error", reject, { once: true });
  });
  let nextId = 0;
  const pending = new Map<number, (result: unknown) => void>();
  ws.addEventListener("message", (event) => {
    const reply = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (reply.id !== undefined) pending.get(reply.id)?.(reply.result);
  });
  const call = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve) => {
      const id = ++nextId;
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, method, params }));
    });
  await call("Profiler.enable");
  await call("Profiler.setSamplingInterval", { interval: 200 });
  await call("Profiler.start");
  return async () => {
    const { profile } = (await call("Profiler.stop")) as { profile: CpuProfile };
    await call("Debugger.enable");
    const sources: Record<string, string> = {};
    for (const scriptId of new Set(profile.nodes.map((n) => n.callFrame.scriptId))) {
      if (scriptId === "0") continue;
      const source = (await call("Debugger.getScriptSource", { scriptId })) as
        | { scriptSource?: string }
        | undefined;
      if (source?.scriptSource) sources[scriptId] = source.scriptSource;
    }
    await call("Debugger.disable");
    ws.close();
    return { ...profile, sources };
  };
}

/** The `top` functions by self time, as lines of text. */
export function summarize(profile: CpuProfile, top = 25): string[] {
  const samples = profile.samples ?? [];
  const interval = samples.length > 0 ? (profile.endTime - profile.startTime) / samples.length : 0;
  const byNode = new Map<number, number>();
  for (const id of samples) byNode.set(id, (byNode.get(id) ?? 0) + 1);
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = byNode.get(node.id) ?? node.hitCount ?? 0;
    if (hits === 0) continue;
    const { functionName, scriptId, lineNumber } = node.callFrame;
    const line = profile.sources?.[scriptId]?.split("\n")[lineNumber]?.trim().slice(0, 60);
    const key = `${functionName || "(anonymous)"}${line ? `  [${line}]` : ""}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + hits);
  }
  const total = samples.length || 1;
  return [...byFunction.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, hits]) => {
      const share = ((hits / total) * 100).toFixed(1).padStart(5);
      return `${share} %  ${((hits * interval) / 1000).toFixed(0).padStart(6)} ms  ${key}`;
    });
}
