import { makeSample } from '../../../shared/sampleFixture';
import type { Sample } from '../../../shared/schemas';

/** A healthy sample for renderer unit tests, overridable field by field. */
export function testSample(ts: number, over: Partial<Sample> = {}): Sample {
  return makeSample('h', ts, over);
}
