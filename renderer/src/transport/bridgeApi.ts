import type { GreenboardBridge } from '../../../shared/bridge';
import type { MethodName } from '../../../shared/channels';
import type { Envelope, GreenboardApi, MethodInput, MethodOutput } from '../../../shared/contract';
import { ApiCallError } from './apiCallError';

/** The Electron transport: unwraps the preload's envelopes into results or thrown errors. */
export function bridgeApi(bridge: GreenboardBridge): GreenboardApi {
  return {
    async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
      // Indexing the mapped type with a generic key loses the per-method signature; this restores it.
      const invoke = bridge.methods[method] as (input: MethodInput<M>) => Promise<Envelope<MethodOutput<M>>>;
      const envelope = await invoke(input);
      if (envelope.ok) return envelope.result;
      throw ApiCallError.from(envelope.error);
    },
    on: (event, listener) => bridge.on(event, listener),
  };
}

/** The desktop's "Save as…" for an export, or null when the preload does not offer it. */
export function bridgeSaveExportAs(
  bridge: GreenboardBridge,
): ((path: string) => Promise<string | null>) | null {
  const save = bridge.saveExportAs;
  if (!save) return null;
  return async (path) => {
    const envelope = await save(path);
    if (envelope.ok) return envelope.result.savedTo;
    throw ApiCallError.from(envelope.error);
  };
}
