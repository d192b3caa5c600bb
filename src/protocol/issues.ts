/**
 * Validation issues in words: each one names its field and says what is wrong with it
 * (`unknown field "x"`, `cursor must be a number`), never valibot's own wording.
 *
 * Schemas may give their own message (it must name the field); an issue without one gets
 * the sentinel {@link DEFAULT_MESSAGE} while parsing and is worded here afterwards, when its
 * full path is known (valibot builds the path as the issue rises through its parents).
 */
import type * as v from "valibot";

/** What an input's parts are called: `field` in bodies and frames, `parameter` in a query. */
export type Noun = "field" | "parameter";

/** Put where a schema gives no message of its own; see {@link describeIssues}. */
export const DEFAULT_MESSAGE = "\u0000default";

type Issue = v.BaseIssue<unknown>;

/** `memberIds[2]`, `user.name`: the issue's path as people write it. */
function fieldName(issue: Issue): string {
  let name = "";
  for (const item of issue.path ?? []) {
    const key = item.key;
    if (typeof key === "number") name += `[${key}]`;
    else name += name ? `.${String(key)}` : String(key);
  }
  return name;
}

/** The names valibot gives types and picklists (`"a" | "b"`), as a phrase. */
function expectedPhrase(issue: Issue): string {
  switch (issue.type) {
    case "string":
      return "a string";
    case "number":
      return "a number";
    case "boolean":
      return "true or false";
    case "array":
      return "a list";
    case "object":
    case "strict_object":
    case "loose_object":
      return "an object";
    default:
      // `("a" | "b")` reads `"a" or "b"`.
      return (issue.expected ?? "something else")
        .replace(/^\((.*)\)$/, "$1")
        .split(" | ")
        .join(" or ");
  }
}

function sizeOf(issue: Issue): string {
  return Array.isArray(issue.input) ? "items" : "characters";
}

function word(issue: Issue, noun: Noun, root: string): string {
  const field = fieldName(issue) || root;
  const last = issue.path?.at(-1);
  if (issue.kind === "schema" && last?.origin === "key") {
    return issue.expected === "never" ? `unknown ${noun} "${field}"` : `${field} is required`;
  }
  if (issue.kind === "schema") return `${field} must be ${expectedPhrase(issue)}`;
  const requirement = String(issue.requirement);
  switch (issue.type) {
    case "integer":
      return `${field} must be a whole number`;
    case "min_value":
      return `${field} must be at least ${requirement}`;
    case "max_value":
      return `${field} must be at most ${requirement}`;
    case "min_length":
      if (requirement === "1") return `${field} must not be empty`;
      return `${field} must have at least ${requirement} ${sizeOf(issue)}`;
    case "max_length":
      return `${field} must have at most ${requirement} ${sizeOf(issue)}`;
    default:
      return `${field} is not valid`;
  }
}

/**
 * One sentence for up to three issues. `root` names the whole input, for an issue with no
 * path (a body that is not an object).
 */
export function describeIssues(issues: readonly Issue[], noun: Noun, root: string): string {
  return issues
    .slice(0, 3)
    .map((issue) => (issue.message === DEFAULT_MESSAGE ? word(issue, noun, root) : issue.message))
    .join("; ");
}
