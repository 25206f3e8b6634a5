// Test helper process: writes samples as fast as it can and prints one line after each commit,
// so the parent knows which samples are durable when it kills this process.
import { makeSample } from '../../testing/fakes';
import { Store } from '../store';

const path = process.argv[2];
if (!path) throw new Error('usage: ingest.ts DB_PATH');
const store = new Store(path);
store.upsertHost({ id: 'h1', name: 'h1', kind: 'local', intervalMs: 1000, tags: [] }, 0);
let ts = 1_000;
for (;;) {
  store.writeSample(makeSample('h1', ts));
  process.stdout.write(`${ts}\n`);
  ts += 1000;
  if (ts % 50_000 === 0) await new Promise((r) => setImmediate(r));
}
