import type { MethodName } from '../../../shared/channels';
import type { MethodOutput, ParsedInput } from '../../../shared/contract';

/**
 * A handler as a domain writes it: it may answer at once or with a promise (api.ts makes every
 * answer a promise, and a throw a rejection).
 */
export type Handler<M extends MethodName> = (
  input: ParsedInput<M>,
) => MethodOutput<M> | Promise<MethodOutput<M>>;

/** Every method of the contract with its handler: the union of the domains' slices. */
export type Handlers = { [M in MethodName]: Handler<M> };

/** The methods of one domain, by their prefix (`probes:` …). */
export type Slice<Prefix extends string> = { [M in Extract<MethodName, `${Prefix}:${string}`>]: Handler<M> };
