/**
 * Whether a subscription's endpoint is on a push service the server sends to
 * (`PUSH_SERVICES`): its origin equals an entry, or an entry `scheme://*.host` names a
 * domain the endpoint's host is under.
 */
export function isPushService(endpoint: string, services: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  if (url.username !== "" || url.password !== "") return false;
  return services.some((entry) => {
    const wild = /^([a-z]+:)\/\/\*\.(.+)$/.exec(entry);
    if (!wild) return url.origin === entry;
    const [, scheme, domain] = wild;
    return url.protocol === scheme && url.host.endsWith(`.${domain}`);
  });
}
