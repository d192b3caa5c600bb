/**
 * The one poll helper of the worker and timing tests: wait for the condition a test is
 * really waiting for, rather than sleeping a fixed time and hoping it held by then. Pure (no
 * runtime imports), so any project may use it.
 */

export interface UntilOptions {
  /** Give up after this long, in ms (default 5 s). */
  timeout?: number;
  /** Look again this often, in ms (default 20 ms). */
  interval?: number;
  /** What the test waits for, named in the timeout's error. */
  what?: string;
}

/**
 * Polls `check` until it holds, or throws naming what it waited for. The positional form
 * `until(check, timeoutMs, what)` is the same as `until(check, { timeout, what })`.
 *
 * @example await until(() => device.isOnline(), { timeout: 4_000, what: "bob online" });
 */
export async function until(
  check: () => boolean | Promise<boolean>,
  options: UntilOptions | number = {},
  what?: string,
): Promise<void> {
  const {
    timeout = 5_000,
    interval = 20,
    ...rest
  } = typeof options === "number" ? { timeout: options, what } : options;
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for ${rest.what ?? "a condition"}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}
