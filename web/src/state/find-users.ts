/**
 * Users looked up by username before a chat is started or a member added, so that an
 * unknown name is told by name ("No user has the username bob") rather than as a bare
 * `not_found`, which names nobody.
 */
import { type ApiClient, ChatApiError } from "../../../src/client";
import type { PublicUser } from "../../../src/protocol";

/** Some usernames are no user's: `usernames` lists them, as they were typed. */
export class UnknownUsers extends Error {
  override name = "UnknownUsers";
  constructor(readonly usernames: readonly string[]) {
    super(`no user has the username ${usernames.join(", ")}`);
  }
}

/**
 * Each username's user, in order. Throws UnknownUsers naming every username that is no
 * user's; any other failure (offline, say) as it came.
 */
export async function findUsers(
  http: Pick<ApiClient, "findUser">,
  usernames: readonly string[],
): Promise<PublicUser[]> {
  const answers = await Promise.allSettled(usernames.map((name) => http.findUser(name)));
  const unknown = usernames.filter((_, i) => {
    const answer = answers[i];
    return answer?.status === "rejected" && isNotFound(answer.reason);
  });
  if (unknown.length > 0) throw new UnknownUsers(unknown);
  return answers.map((answer) => {
    if (answer.status === "rejected") throw answer.reason;
    return answer.value;
  });
}

function isNotFound(error: unknown): boolean {
  return error instanceof ChatApiError && error.code === "not_found";
}
