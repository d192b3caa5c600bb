/** Headers by which the worker tells a UserSession object who a new socket belongs to. */
export const SESSION_HEADERS = {
  user: "X-Chat-User-Id",
  device: "X-Chat-Device-Id",
} as const;
