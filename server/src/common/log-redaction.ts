// Request logs keep the path and drop the query string: query values can carry personal data
// (a phone's last digits, search words) and credentials (tokens, stream tickets, signed-URL keys).
export function redactQuery(url: string): string {
  const at = url.indexOf('?');
  return at < 0 ? url : `${url.slice(0, at)}?[redacted]`;
}

/** Fastify's request serializer with the query string redacted. */
export function requestLogValue(req: { method: string; url: string; host?: string; ip?: string; socket?: { remotePort?: number } }) {
  return { method: req.method, url: redactQuery(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}
