/**
 * A built-in diagnostic: read-only, quick, as an argv (never a string built from user text).
 * `path` is the one parameter a user may give; it becomes one quoted argument.
 */
export interface CheckSpec {
  id: string;
  title: string;
  description: string;
  takesPath: boolean;
  argv(path?: string): string[];
  /** Optional post-processing of stdout (sorting, trimming) done here, not in a remote pipe. */
  shape?: (stdout: string) => string;
}
