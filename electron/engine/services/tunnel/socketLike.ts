// pg and ioredis were written for net.Socket: they call connect(), setNoDelay(), setKeepAlive(),
// ref() and wait for 'connect'. A tunnel's stream (an SSH channel, or a socket already connected)
// is open when it is handed over, so those become no-ops and 'connect' is said at once.
import type { Duplex } from 'node:stream';

/** The socket calls a driver makes on a stream it was given; all harmless on an open stream. */
export interface SocketLike extends Duplex {
  readonly connecting: boolean;
  connect(): this;
  setNoDelay(): this;
  setKeepAlive(): this;
  setTimeout(): this;
  ref(): this;
  unref(): this;
}

/** The same stream, with the socket calls a driver makes on it answered. */
export function socketLike(stream: Duplex): SocketLike {
  const s = stream as SocketLike;
  const self = function (this: SocketLike): SocketLike {
    return this;
  };
  Object.defineProperty(s, 'connecting', { value: false, configurable: true });
  Object.assign(s, {
    connect(this: SocketLike) {
      process.nextTick(() => this.emit('connect'));
      return this;
    },
    setNoDelay: self,
    setKeepAlive: self,
    setTimeout: self,
    ref: self,
    unref: self,
  });
  return s;
}
