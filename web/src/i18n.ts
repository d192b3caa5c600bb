/**
 * Korean and English. The language comes from the browser (navigator.languages) until the
 * user picks one, which is remembered.
 */
export type Lang = "ko" | "en";

const STRINGS = {
  en: {
    appName: "Edge Chat",
    signIn: "Sign in",
    signUp: "Create account",
    signOut: "Sign out",
    username: "Username",
    password: "Password",
    displayName: "Display name",
    haveAccount: "I already have an account",
    needAccount: "I need an account",
    inbox: "Chats",
    noRooms: "No chats yet.",
    language: "Language",
    working: "One moment…",
  },
  ko: {
    appName: "엣지 채팅",
    signIn: "로그인",
    signUp: "계정 만들기",
    signOut: "로그아웃",
    username: "아이디",
    password: "비밀번호",
    displayName: "표시 이름",
    haveAccount: "이미 계정이 있어요",
    needAccount: "계정이 필요해요",
    inbox: "채팅",
    noRooms: "아직 채팅이 없어요.",
    language: "언어",
    working: "잠시만요…",
  },
} satisfies Record<Lang, Record<string, string>>;

export type StringKey = keyof (typeof STRINGS)["en"];

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

export function translate(lang: Lang, key: StringKey): string {
  return STRINGS[lang][key];
}
