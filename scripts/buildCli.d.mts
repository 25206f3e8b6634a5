/** Where the compiled CLI goes; bin/greenboard.js imports its cli.js. */
export const CLI_OUT_DIR: string;
/** Compiles the CLI to out/cli; safe while a CLI runs from it. */
export function buildCli(): Promise<{ files: number; ms: number }>;
