/**
 * One way for the Durable Object shells to log what went wrong: the class, the object's
 * name (a room id, or the object id while the name is not known) and where, so a line in
 * the log leads to the one object it came from.
 */

/** A logger for one object: `(where, error)` writes `Class(name).where: Error: message`. */
export function objectLog(
  className: string,
  name: () => string,
): (where: string, error: unknown) => void {
  return (where, error) => {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    console.error(`${className}(${name()}).${where}: ${message}`);
  };
}
