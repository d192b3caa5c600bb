/**
 * Names for user ids: what the cache and earlier answers hold, with unknown ids looked up in
 * batches (one request per burst, at most LIMITS.userLookupMax ids each).
 */
import { type ApiClient, isFinal } from "../../../src/client";
import { LIMITS, type PublicUser } from "../../../src/protocol";

export class People {
  private readonly known = new Map<string, PublicUser>();
  private readonly asked = new Set<string>();
  private queued = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly api: ApiClient,
    private readonly changed: () => void,
  ) {}

  add(users: readonly PublicUser[]): void {
    for (const user of users) this.known.set(user.id, user);
  }

  get(id: string): PublicUser | undefined {
    return this.known.get(id);
  }

  /** The display name, or a short placeholder until it is known. */
  name(id: string): string {
    return this.known.get(id)?.displayName ?? "…";
  }

  all(): PublicUser[] {
    return [...this.known.values()];
  }

  /** Looks up the ids not known yet, soon and together. */
  want(ids: readonly (string | null | undefined)[]): void {
    for (const id of ids) {
      if (id && !this.known.has(id) && !this.asked.has(id)) this.queued.add(id);
    }
    if (this.queued.size === 0 || this.timer !== undefined) return;
    this.timer = setTimeout(() => void this.lookUp(), 20);
  }

  private async lookUp(): Promise<void> {
    this.timer = undefined;
    const ids = [...this.queued];
    this.queued = new Set();
    for (const id of ids) this.asked.add(id);
    for (let i = 0; i < ids.length; i += LIMITS.userLookupMax) {
      const chunk = ids.slice(i, i + LIMITS.userLookupMax);
      try {
        this.add(await this.api.findUsers(chunk));
      } catch (error) {
        // Asked again next time, unless the answer would be the same (a bad id, say).
        if (!isFinal(error)) for (const id of chunk) this.asked.delete(id);
      }
    }
    this.changed();
  }
}
