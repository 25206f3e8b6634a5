// Test helper process: writes samples as the engine does (one transaction per poll, WAL
// checkpoints on a worker thread) and prints each sample's timestamp after its commit, so the
// parent knows which samples must survive when it kills this process.
import { makeSample } from '../../testing/fakes';
import { Store } from '../store';
import { WalCheckpointer } from '../walCheckpointer';

const [path, start] = process.argv.slice(2);
if (!path) throw new Error('usage: ingest.ts DB_PATH [FIRST_TS]');
const store = new Store(path, { manualCheckpoints: true });
store.upsertHost({ id: 'h1', name: 'h1', kind: 'local', intervalMs: 1000, tags: [] }, 0);
const checkpointer = new WalCheckpointer(path);
let ts = Number(start ?? 1000);
for (let i = 1; ; i++) {
  store.writeSample(makeSample('h1', ts, { processCount: i }));
  process.stdout.write(`${ts}\n`);
  ts += 1000;
  if (i % 100 === 0) void checkpointer.checkpoint();
  if (i % 20 === 0) await new Promise((r) => setImmediate(r));
}
