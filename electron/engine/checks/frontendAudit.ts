import { gzipSync } from 'node:zlib';
import type { ProbeAdvice, ProbeResult } from '../../../shared/probes';

export interface AuditOptions {
  /** The probed URL; its file extension helps tell a static asset from a page or an API. */
  url?: string;
  /** Bodies smaller than this are not worth compressing (the headers cost more). Default 1 KB. */
  compressMinBytes?: number;
  /** A response transferring at least this much is called large. Default 1 MB. */
  largeBytes?: number;
}

/** The parts of a result the audit reads. */
export type AuditedResponse = Pick<
  ProbeResult,
  | 'status'
  | 'bytes'
  | 'decodedBytes'
  | 'truncated'
  | 'contentType'
  | 'contentEncoding'
  | 'cacheControl'
  | 'expires'
>;

const KB = 1024;
const MB = 1024 * 1024;

/** "412 KB", "1.4 MB", "900 bytes": the sizes in advice, which people compare at a glance. */
export function formatSize(n: number): string {
  if (n < KB) return `${n} bytes`;
  if (n < MB) return `${Math.round(n / KB)} KB`;
  return `${(n / MB).toFixed(1)} MB`;
}

function mediaType(contentType: string | null): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** Text-like formats gain from gzip; images, fonts (woff2 is already brotli), archives do not. */
function isCompressible(type: string): boolean {
  return (
    type.startsWith('text/') ||
    /^application\/(javascript|ecmascript|json|xml|wasm|manifest\+json|x-javascript|ld\+json)$/.test(type) ||
    /\+(json|xml)$/.test(type) ||
    type === 'image/svg+xml' ||
    type === 'image/x-icon' ||
    type === 'font/ttf' ||
    type === 'font/otf'
  );
}

const STATIC_EXT = /\.(m?js|css|png|jpe?g|gif|webp|avif|svg|ico|woff2?|ttf|otf|wasm|map|mp4|webm|mp3|pdf)$/i;

/** Files a browser should keep between visits, judged by type, then by the URL's extension. */
function isStaticAsset(type: string, url: string | undefined): boolean {
  if (/^(text\/css|application\/(x-)?javascript|text\/javascript|application\/wasm)$/.test(type)) return true;
  if (/^(image|font|video|audio)\//.test(type)) return true;
  if (!url) return false;
  try {
    return STATIC_EXT.test(new URL(url).pathname);
  } catch {
    return false;
  }
}

/** Cache-Control directives, lower-cased, with their values ("max-age" → "600"). */
function directives(cacheControl: string | null): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (cacheControl ?? '').split(',')) {
    const [k, v = ''] = part.trim().toLowerCase().split('=');
    if (k) out.set(k, v.replace(/"/g, ''));
  }
  return out;
}

function compressionAdvice(r: AuditedResponse, type: string, body: Buffer, min: number): ProbeAdvice[] {
  const encoding = (r.contentEncoding ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' || !isCompressible(type) || body.length < min) return [];
  // Level 6 is what nginx and most servers use for gzip: a fair promise of what turning it on gives.
  const gz = gzipSync(body, { level: 6 }).length;
  if (gz > body.length * 0.9) return [];
  const size = `${r.truncated ? 'over ' : ''}${formatSize(body.length)}`;
  return [
    {
      id: 'compression',
      severity: 'warn',
      message: `enable gzip or brotli: ${size} could be ~${formatSize(gz)}`,
    },
  ];
}

function cacheAdvice(r: AuditedResponse, type: string, url: string | undefined): ProbeAdvice[] {
  if (!isStaticAsset(type, url)) return [];
  const cc = directives(r.cacheControl);
  if (cc.has('no-store') || cc.has('no-cache') || cc.get('max-age') === '0') {
    return [
      {
        id: 'cache-disabled',
        severity: 'info',
        message:
          'caching is turned off for a static asset (Cache-Control: ' +
          `${r.cacheControl}): every visit downloads or revalidates it; give it a max-age unless it must always be fresh`,
      },
    ];
  }
  if (cc.has('max-age') || cc.has('s-maxage') || cc.has('immutable') || r.expires !== null) return [];
  return [
    {
      id: 'cache-missing',
      severity: 'warn',
      message:
        'no cache lifetime on a static asset: add Cache-Control: public, max-age=31536000, immutable ' +
        'for versioned file names (or a shorter max-age), so repeat visits skip the download',
    },
  ];
}

function largeAdvice(r: AuditedResponse, type: string, large: number): ProbeAdvice[] {
  if (r.bytes < large) return [];
  const hint = type.startsWith('image/')
    ? 'resize it or serve WebP/AVIF'
    : /javascript/.test(type)
      ? 'split the bundle and load the rest lazily'
      : /json/.test(type)
        ? 'paginate or trim the payload'
        : 'split it or load parts lazily';
  const decoded = r.decodedBytes > r.bytes ? ` (${formatSize(r.decodedBytes)} decoded)` : '';
  return [
    {
      id: 'large-response',
      severity: 'warn',
      message: `large response: ${r.truncated ? 'over ' : ''}${formatSize(r.bytes)} transferred${decoded}; ${hint}`,
    },
  ];
}

/**
 * Front-end advice about one response: compression, caching and size, each with a stable id
 * and a sentence a developer can act on. Only successful (2xx) responses are audited: an error
 * page's caching says nothing about the site. `body` is the decoded body the probe read; the
 * compression estimate gzips it for real rather than guessing a ratio.
 */
export function auditResponse(r: AuditedResponse, body: Buffer, opts: AuditOptions = {}): ProbeAdvice[] {
  if (r.status === null || r.status < 200 || r.status > 299) return [];
  const type = mediaType(r.contentType);
  return [
    ...compressionAdvice(r, type, body, opts.compressMinBytes ?? KB),
    ...cacheAdvice(r, type, opts.url),
    ...largeAdvice(r, type, opts.largeBytes ?? MB),
  ];
}
