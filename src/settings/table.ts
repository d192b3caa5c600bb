/**
 * The settings table: one row per setting, the only place a setting is declared. The
 * `Settings` type, the defaults, the bounds the environment is checked against and the
 * README's settings table (`npm run docs:settings`) all come from it.
 */
import { AUTH_SETTINGS } from "./auth";
import { DELIVERY_SETTINGS } from "./delivery";
import type { NumberEntry } from "./entry";
import { MEDIA_SETTINGS } from "./media";
import { OBJECT_SETTINGS } from "./objects";
import { PUSH_SETTINGS } from "./push";
import { ROOM_SETTINGS } from "./rooms";
import { SOCKET_SETTINGS } from "./sockets";

export const SETTINGS_TABLE = {
  ...AUTH_SETTINGS,
  ...SOCKET_SETTINGS,
  ...ROOM_SETTINGS,
  ...DELIVERY_SETTINGS,
  ...PUSH_SETTINGS,
  ...OBJECT_SETTINGS,
  ...MEDIA_SETTINGS,
};

type TableType = typeof SETTINGS_TABLE;

/** Every setting by name, typed from its row's default (a number, a string or a list). */
export type Settings = {
  [K in keyof TableType]: TableType[K]["default"] extends number
    ? number
    : TableType[K]["default"] extends string
      ? string
      : readonly string[];
};

export type SettingKey = keyof Settings;

/** The settings whose value is a number (all but the origins and the token names). */
export type NumberKey = {
  [K in SettingKey]: Settings[K] extends number ? K : never;
}[SettingKey];

/** The settings in the table's order. */
export const SETTING_KEYS = Object.keys(SETTINGS_TABLE) as SettingKey[];

/** The row of a number setting. */
export function numberEntry(key: NumberKey): NumberEntry {
  return SETTINGS_TABLE[key];
}
