import { GreenboardError } from '../../shared/errors';
import { LinkStateSchema, type Link } from '../../shared/schemas';
import { SshError } from './ssh/types';

/**
 * Link states in which the host cannot be reached now: every one but ok and connecting. Trying
 * again only waits for a timeout.
 */
const DOWN = new Set<Link['state']>(LinkStateSchema.options.filter((s) => s !== 'ok' && s !== 'connecting'));

/** Ends `s` as a sentence: a message that already ends with a question keeps it. */
const sentence = (s: string): string => (/[.?!]$/.test(s.trim()) ? s.trim() : `${s.trim()}.`);

/**
 * Why something cannot be done on a host whose link is down, in the words the host's card uses
 * (the link's own message), as a 409 shown beside the button that asked: an unreachable host is
 * a state of the world the user can fix, never an internal error. `retry` ends the advice.
 */
export function linkRefusal(hostName: string, why: string, retry: string): GreenboardError {
  return new GreenboardError(
    'conflict',
    `${hostName} cannot be reached: ${sentence(why)} Fix the connection first (see the host's Connection panel), then ${retry}.`,
  );
}

/** The refusal for a host whose link is already known to be down, or null to go ahead. */
export function refuseIfDown(hostName: string, retry: string, link: Link): GreenboardError | null {
  return DOWN.has(link.state) ? linkRefusal(hostName, link.message, retry) : null;
}

/**
 * An error from talking to the host over SSH as the refusal above; anything that is not about
 * the link (a bug) goes on as it was, to be logged as internal.
 */
export function asLinkRefusal(hostName: string, retry: string, err: unknown): unknown {
  if (err instanceof SshError) return linkRefusal(hostName, err.message, retry);
  return err;
}
