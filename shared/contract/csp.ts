/**
 * The renderer's Content Security Policy, for serve mode (with its WebSocket origin) and Electron alike.
 * The page may load only its own code and talk only to its own server. Keep it equal to the meta tag in
 * renderer/index.html (a test checks). Element styles set from script (React's style prop) are allowed.
 */
export function contentSecurityPolicy(serveOrigin?: string): string {
  const ws = serveOrigin ? ' ' + serveOrigin.replace(/^http/, 'ws') : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `connect-src 'self'${ws}`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
