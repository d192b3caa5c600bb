/**
 * Every tunable limit and lifetime, with its default: declared once, in the settings table
 * (src/settings/table.ts). Each can be overridden by a variable of the same name in
 * wrangler.toml `[vars]` (or `.dev.vars` locally). Values are validated once per environment
 * object; a bad value fails loudly at the first request rather than running with a silent
 * fallback.
 */
import type { Entry } from "./settings/entry";
import { RULES, ruleHolds, ruleMessage } from "./settings/rules";
import {
  type NumberKey,
  numberEntry,
  SETTING_KEYS,
  SETTINGS_TABLE,
  type SettingKey,
  type Settings,
} from "./settings/table";

export { ARGON2_BOUNDS } from "./settings/auth";
export { HOUR_WINDOW_SECONDS } from "./settings/rooms";
export type { Settings } from "./settings/table";

// Object.fromEntries forgets which keys it was given; SETTING_KEYS is every key of the table.
export const DEFAULT_SETTINGS: Settings = Object.fromEntries(
  SETTING_KEYS.map((key) => [key, SETTINGS_TABLE[key].default]),
) as unknown as Settings;

export class SettingsError extends Error {
  override name = "SettingsError";
}

function parseNumber(key: NumberKey, raw: unknown): number {
  const n = typeof raw === "number" ? raw : Number(String(raw).trim());
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new SettingsError(`${key} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  }
  const { min, max } = numberEntry(key);
  if (n < min) throw new SettingsError(`${key} must be at least ${min}`);
  if (max !== undefined && n > max) throw new SettingsError(`${key} must be at most ${max}`);
  return n;
}

function parseText(key: SettingKey, raw: unknown): string {
  const text = String(raw);
  const entry: Entry = SETTINGS_TABLE[key];
  const form = "form" in entry ? entry.form : undefined;
  if (form && !form.pattern.test(text)) {
    throw new SettingsError(`${key} must be ${form.wording}, got ${JSON.stringify(text)}`);
  }
  return text;
}

/** A comma-separated list of origins; `*.` may start a host (PUSH_SERVICES). */
function parseOrigins(key: SettingKey, raw: unknown): string[] {
  const list = String(raw)
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const origin of list) {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      throw new SettingsError(`${key} has an invalid origin: ${origin}`);
    }
    if (url.origin !== origin) {
      throw new SettingsError(`${key} entries must be bare origins, got ${origin}`);
    }
  }
  return list;
}

/** Builds settings from environment variables, validating each one present. */
export function parseSettings(vars: Record<string, unknown>): Settings {
  const out: Record<SettingKey, unknown> = { ...DEFAULT_SETTINGS };
  for (const key of SETTING_KEYS) {
    const raw = vars[key];
    if (raw === undefined || raw === "") continue;
    const kind = typeof SETTINGS_TABLE[key].default;
    if (kind === "number") out[key] = parseNumber(key as NumberKey, raw);
    else if (kind === "string") out[key] = parseText(key, raw);
    else out[key] = parseOrigins(key, raw);
  }
  const settings = out as Settings;
  for (const rule of RULES) {
    if (!ruleHolds(rule, settings)) throw new SettingsError(ruleMessage(rule));
  }
  return settings;
}

const cache = new WeakMap<object, Settings>();

/** Settings for an environment object, parsed once and cached. */
export function settingsFor(env: object): Settings {
  let settings = cache.get(env);
  if (!settings) {
    settings = parseSettings(env as Record<string, unknown>);
    cache.set(env, settings);
  }
  return settings;
}
