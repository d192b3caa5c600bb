/**
 * Korean and English. The language comes from the browser (navigator.languages) until the
 * user picks one, which is remembered. `{name}`-style slots are filled as text.
 */
export type Lang = "ko" | "en";

const en = {
  appName: "Edge Chat",
  signIn: "Sign in",
  signUp: "Create account",
  signOut: "Sign out",
  username: "Username",
  password: "Password",
  displayName: "Display name",
  haveAccount: "I already have an account",
  needAccount: "I need an account",
  endedRevoked: "This browser was signed out. Sign in again to go on.",
  endedElsewhere: "You signed out in another tab.",
  inbox: "Chats",
  noRooms: "No chats yet.",
  moreRooms: "More chats",
  language: "Language",
  working: "One moment…",
  online: "Online",
  offline: "Offline",
  connecting: "Connecting…",
  connection: "Connection",
  lastSeen: "Last seen {time}",
  newChat: "New chat",
  profile: "Profile",
  back: "Back",
  roomInfo: "Room info",
  members: "Members",
  memberCount: "{count} members",
  message: "Message",
  messages: "Messages",
  send: "Send",
  sending: "Sending…",
  retrying: "Waiting to resend…",
  failed: "Not sent: {reason}",
  retry: "Retry",
  discard: "Delete",
  read: "Read",
  delivered: "Delivered",
  sent: "Sent",
  unreadBy: "{count} unread",
  typing: "{name} is typing…",
  loadEarlier: "Load earlier messages",
  beginning: "This is the beginning of the chat.",
  unread: "{count} unread messages",
  muted: "Muted",
  mute: "Mute notifications",
  directChat: "Chat with one person",
  groupChat: "New group",
  groupTitle: "Group name",
  usernames: "Usernames, separated by commas",
  start: "Start chat",
  create: "Create group",
  addMember: "Add a member by username",
  add: "Add",
  remove: "Remove",
  leave: "Leave chat",
  rename: "Rename",
  title: "Name",
  save: "Save",
  saved: "Saved.",
  hidePresence: "Hide when I'm online",
  doNotDisturb: "Do not disturb for an hour",
  you: "You",
  owner: "Owner",
  admin: "Admin",
  member: "Member",
  created: "{name} created the chat",
  joined: "{name} joined",
  left: "{name} left",
  removed: "{name} was removed",
  renamed: "{name} renamed the chat to {title}",
  roleChanged: "{name} is now {role}",
  objectChanged: "{title} changed",
  objectPost: "From the object",
  youLeft: "You are no longer in this chat.",
  leftTag: "Left",
  newMessage: "New message",
  newMessages: "{count} new messages",
  banner: "New messages",
  dismiss: "Dismiss",
  deviceNotifications: "Notifications on this device",
  notifyPush: "On: you are told of new messages even while the app is closed.",
  notifyTab:
    "On while the app is open in a tab. This browser could not subscribe to push, so nothing comes while every tab is closed.",
  notifyOff: "Off.",
  notifyBlocked: "Blocked by the browser: allow notifications for this site in its settings.",
  notifyUnsupported: "This browser cannot show notifications.",
  notifyTurnOn: "Turn on notifications",
  notifyTurnOff: "Turn off notifications",
  previews: "Show message text in notifications",
} as const;

export type StringKey = keyof typeof en;

const ko: Record<StringKey, string> = {
  appName: "엣지 채팅",
  signIn: "로그인",
  signUp: "계정 만들기",
  signOut: "로그아웃",
  username: "아이디",
  password: "비밀번호",
  displayName: "표시 이름",
  haveAccount: "이미 계정이 있어요",
  needAccount: "계정이 필요해요",
  endedRevoked: "이 브라우저에서 로그아웃되었어요. 계속하려면 다시 로그인하세요.",
  endedElsewhere: "다른 탭에서 로그아웃했어요.",
  inbox: "채팅",
  noRooms: "아직 채팅이 없어요.",
  moreRooms: "채팅 더 보기",
  language: "언어",
  working: "잠시만요…",
  online: "온라인",
  offline: "오프라인",
  connecting: "연결 중…",
  connection: "연결 상태",
  lastSeen: "{time} 접속",
  newChat: "새 채팅",
  profile: "프로필",
  back: "뒤로",
  roomInfo: "채팅방 정보",
  members: "참여자",
  memberCount: "참여자 {count}명",
  message: "메시지",
  messages: "메시지 목록",
  send: "보내기",
  sending: "보내는 중…",
  retrying: "다시 보내기를 기다리는 중…",
  failed: "보내지 못했어요: {reason}",
  retry: "다시 보내기",
  discard: "삭제",
  read: "읽음",
  delivered: "전달됨",
  sent: "보냄",
  unreadBy: "{count}명 안 읽음",
  typing: "{name} 님이 입력 중…",
  loadEarlier: "이전 메시지 불러오기",
  beginning: "채팅의 처음이에요.",
  unread: "안 읽은 메시지 {count}개",
  muted: "알림 끔",
  mute: "알림 끄기",
  directChat: "1:1 채팅",
  groupChat: "새 그룹",
  groupTitle: "그룹 이름",
  usernames: "아이디 (쉼표로 구분)",
  start: "채팅 시작",
  create: "그룹 만들기",
  addMember: "아이디로 참여자 추가",
  add: "추가",
  remove: "내보내기",
  leave: "채팅방 나가기",
  rename: "이름 바꾸기",
  title: "이름",
  save: "저장",
  saved: "저장했어요.",
  hidePresence: "접속 상태 숨기기",
  doNotDisturb: "1시간 동안 방해 금지",
  you: "나",
  owner: "방장",
  admin: "관리자",
  member: "참여자",
  created: "{name} 님이 채팅방을 만들었어요",
  joined: "{name} 님이 들어왔어요",
  left: "{name} 님이 나갔어요",
  removed: "{name} 님이 내보내졌어요",
  renamed: "{name} 님이 채팅방 이름을 {title}(으)로 바꿨어요",
  roleChanged: "{name} 님이 이제 {role}이에요",
  objectChanged: "{title} 정보가 바뀌었어요",
  objectPost: "물건이 보낸 메시지",
  youLeft: "이 채팅방에 더 이상 참여하고 있지 않아요.",
  leftTag: "나감",
  newMessage: "새 메시지",
  newMessages: "새 메시지 {count}개",
  banner: "새 메시지",
  dismiss: "닫기",
  deviceNotifications: "이 기기의 알림",
  notifyPush: "켜짐: 앱을 닫아 두어도 새 메시지를 알려요.",
  notifyTab:
    "앱이 탭에 열려 있을 때 켜져 있어요. 이 브라우저에서 푸시를 구독하지 못해 탭을 모두 닫으면 알림이 오지 않아요.",
  notifyOff: "꺼짐.",
  notifyBlocked: "브라우저가 막았어요. 브라우저 설정에서 이 사이트의 알림을 허용하세요.",
  notifyUnsupported: "이 브라우저는 알림을 보여줄 수 없어요.",
  notifyTurnOn: "이 기기 알림 켜기",
  notifyTurnOff: "이 기기 알림 끄기",
  previews: "알림에 메시지 내용 보이기",
};

const STRINGS: Record<Lang, Record<StringKey, string>> = { en, ko };

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

export type Translate = (key: StringKey, slots?: Record<string, string | number>) => string;

export function translator(lang: Lang): Translate {
  return (key, slots) =>
    STRINGS[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      slots && name in slots ? String(slots[name]) : whole,
    );
}

/** "3:05 PM" today, else a short date. */
export function formatTime(lang: Lang, at: number, now = Date.now()): string {
  const date = new Date(at);
  const sameDay = new Date(now).toDateString() === date.toDateString();
  return new Intl.DateTimeFormat(
    lang,
    sameDay ? { timeStyle: "short" } : { dateStyle: "short" },
  ).format(date);
}

/** "5 minutes ago", "어제" and the like. */
export function formatAgo(lang: Lang, at: number, now = Date.now()): string {
  const seconds = Math.round((at - now) / 1000);
  const format = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
  const steps: [Intl.RelativeTimeFormatUnit, number][] = [
    ["second", 60],
    ["minute", 60],
    ["hour", 24],
    ["day", 7],
  ];
  let value = seconds;
  for (const [unit, size] of steps) {
    if (Math.abs(value) < size) return format.format(value, unit);
    value = Math.round(value / size);
  }
  return format.format(value, "week");
}
