import { GreenboardError } from '../../shared/errors';
import type { Link } from '../../shared/schemas';
import type { Collector } from './collectors/types';

const OK_LINK: Omit<Link, 'message'> = {
  state: 'ok',
  since: 0,
  pendingKey: null,
  connectMs: null,
  pollMs: null,
};

/** The link of every host in a reviewed history: nothing is reached, so nothing can fail. */
export const REVIEW_LINK: Link = { ...OK_LINK, message: 'Saved history' };

/** The link of the machine Greenboard runs on. */
export const LOCAL_LINK: Link = { ...OK_LINK, message: 'This machine' };

/** Hosts of a reviewed history are never polled. */
export const REVIEW_COLLECTOR: Collector = {
  link: REVIEW_LINK,
  prime: () => Promise.resolve(),
  collect: () => Promise.reject(new GreenboardError('forbidden', 'A saved history is not polled.')),
  topProcesses: () =>
    Promise.reject(new GreenboardError('forbidden', 'Processes are not part of a saved history.')),
  close: () => Promise.resolve(),
};
