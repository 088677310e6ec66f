/** The origin the renderer is loaded from in the desktop app (a privileged custom scheme, not file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'atelier';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** True when a URL belongs to the app's own pages: IPC is answered and navigation allowed only for these. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Links the user clicks open in the system browser only when they are plain web addresses. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}
