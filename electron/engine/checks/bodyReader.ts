import type { IncomingMessage } from 'node:http';
import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/** A decoder for the encodings a probe asks for; null when the body is sent as is (or unknown). */
function decoderFor(encoding: string | null): Transform | null {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'br':
      return createBrotliDecompress();
    case 'deflate':
      return createInflate();
    default:
      return null;
  }
}

/** An error from reading a body, with a code the probe's error words understand. */
function bodyError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/**
 * Reads one response body, counting bytes as transferred and as decoded, keeping at most `cap`
 * decoded bytes. The cap holds on both sides, so neither a huge body nor a small "zip bomb"
 * can make a probe hold more than `cap` in memory. Counters are live: a caller that gives up
 * early (timeout) still reads how far it got.
 */
export class BodyReader {
  bytes = 0;
  decodedBytes = 0;
  truncated = false;
  /** Resolves when the body is read (or cut at the cap); rejects on a broken stream. */
  readonly done: Promise<void>;
  private readonly chunks: Buffer[] = [];

  constructor(res: IncomingMessage, encoding: string | null, cap: number) {
    const decoder = decoderFor(encoding);
    this.done = new Promise<void>((resolve, reject) => {
      const stop = (): void => {
        this.truncated = true;
        decoder?.destroy();
        res.destroy();
        resolve();
      };
      const keep = (chunk: Buffer): void => {
        if (this.truncated) return;
        const room = cap - this.decodedBytes;
        const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
        this.chunks.push(part);
        this.decodedBytes += part.length;
        if (chunk.length > room) stop();
      };
      res.on('data', (chunk: Buffer) => {
        if (this.truncated) return;
        this.bytes += chunk.length;
        if (decoder) decoder.write(chunk);
        else keep(chunk);
        if (this.bytes > cap) stop();
      });
      // HEAD, 204 and 304 answers say gzip but send nothing, which a decoder would call truncated.
      res.once('end', () => (decoder && this.bytes > 0 ? decoder.end() : resolve()));
      res.once('close', () => {
        if (!res.complete && !this.truncated)
          reject(bodyError('ECONNRESET', 'the connection closed before the body was complete'));
      });
      res.on('error', reject);
      decoder?.on('data', keep);
      decoder?.once('end', () => resolve());
      decoder?.on('error', (e) =>
        reject(bodyError('EBADBODY', `the body is not valid ${encoding ?? ''} (${e.message})`)),
      );
    });
    // Callers that gave up (timeout) no longer await this; a late failure is theirs to ignore.
    this.done.catch(() => {});
  }

  /** The decoded body read so far. */
  body(): Buffer {
    return Buffer.concat(this.chunks);
  }
}
