import { isIP } from 'node:net';
import { CountergateError } from '../../lib/errors.ts';

/**
 * Access rule of the gateway's HTTP server (see gateway/http/README.md).
 *
 * The server is the counter box's own screen: it is bound to 127.0.0.1 and has no accounts of
 * its own (the clerk signs in through it). Two browser attacks still reach a loopback server:
 * - DNS rebinding: a foreign site whose name resolves to 127.0.0.1 reads /api/status or
 *   posts to the API. Every request must therefore name a local host in `Host`.
 * - Cross-site requests (CSRF, cross-site WebSocket): a page of another origin in the
 *   kiosk's browser posts a rating or opens /ws. State-changing routes and /ws therefore
 *   demand that a browser's `Origin` is this very server, and refuse `Sec-Fetch-Site:
 *   cross-site`. Clients that are not browsers send no Origin; another site cannot make them
 *   send anything, so they pass.
 */
export interface AccessPolicy {
  /** Host names (without port) besides loopback that address this box, e.g. its LAN IP. */
  extraHosts: Set<string>;
}

export function accessPolicy(bindHost: string, allowedHosts: readonly string[] = []): AccessPolicy {
  const extraHosts = new Set(allowedHosts.map((h) => h.toLowerCase()));
  // Binding to a specific non-loopback address means the box is addressed by it.
  if (isIP(bindHost) && bindHost !== '0.0.0.0' && bindHost !== '::') extraHosts.add(normaliseHostname(bindHost));
  return { extraHosts };
}

function normaliseHostname(hostname: string): string {
  const h = hostname.toLowerCase();
  return isIP(h) === 6 ? `[${h}]` : h;
}

const HOST_HEADER = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/i;

/** `Host` header → host name without port (IPv6 in brackets), or null when malformed. */
export function hostnameOf(hostHeader: string | undefined): string | null {
  const m = hostHeader === undefined ? null : HOST_HEADER.exec(hostHeader);
  return m?.[1] ? m[1].toLowerCase() : null;
}

export function isLocalHostname(hostname: string, policy: AccessPolicy): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  if (isIP(hostname) === 4 && hostname.startsWith('127.')) return true;
  return policy.extraHosts.has(hostname);
}

const notLocal = (why: string) =>
  new CountergateError('CG_HTTP_NOT_LOCAL', why, {
    statusCode: 403,
    userMessage: '此畫面只能在本櫃檯的主機上使用。',
  });

/** Every route: the request must address this box by a local name. */
export function assertLocalHost(hostHeader: string | undefined, policy: AccessPolicy): void {
  const hostname = hostnameOf(hostHeader);
  if (hostname === null || !isLocalHostname(hostname, policy)) {
    throw notLocal(`Host ${JSON.stringify(hostHeader ?? '')} is not this counter box`);
  }
}

/** State-changing routes and /ws: a browser request must come from this server's own pages. */
export function assertSameOrigin(
  headers: { host?: string; origin?: string; 'sec-fetch-site'?: string },
  policy: AccessPolicy,
): void {
  assertLocalHost(headers.host, policy);
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    throw crossOrigin(`Sec-Fetch-Site ${site}`);
  }
  const origin = headers.origin;
  if (origin === undefined) return;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw crossOrigin(`Origin ${JSON.stringify(origin)}`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.host.toLowerCase() !== headers.host?.toLowerCase()) {
    throw crossOrigin(`Origin ${origin} is not ${headers.host ?? '(no host)'}`);
  }
}

const crossOrigin = (why: string) =>
  new CountergateError('CG_HTTP_CROSS_ORIGIN', `cross-site request refused: ${why}`, {
    statusCode: 403,
    userMessage: '此操作只能在本櫃檯的畫面上進行。',
  });
