import type { DiagCheck, DiagResult } from '../../../shared/schemas';

/** One diagnostic run as the panel shows it; its own file so the panel and its output view share it without importing each other. */
export type DiagRun =
  | { status: 'running'; check: DiagCheck }
  | { status: 'done'; check: DiagCheck; result: DiagResult }
  | { status: 'failed'; check: DiagCheck; message: string };
