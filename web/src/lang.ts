/**
 * The language the app shows: from the browser (navigator.languages) until the user picks
 * one, which is remembered in localStorage. Kept apart from the strings (i18n.ts), which
 * need no browser.
 */
import type { Lang } from "./i18n";

const STORAGE_KEY = "edge-chat.lang";

export function initialLang(): Lang {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === "ko" || saved === "en") return saved;
  const preferred = navigator.languages.find((l) => /^(ko|en)\b/i.test(l)) ?? "en";
  return preferred.toLowerCase().startsWith("ko") ? "ko" : "en";
}

export function saveLang(lang: Lang): void {
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
}
