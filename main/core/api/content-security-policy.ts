/**
 * The window's Content-Security-Policy, one definition for both places that serve the renderer: Electron
 * (response headers of our file:// pages) and the development HTTP bridge. Only our own bundled scripts and
 * styles, no eval, no inline script, no remote anything; `data:` images for the locally rendered TOTP QR code.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
