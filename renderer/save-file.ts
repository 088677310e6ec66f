/**
 * Saves data as a file through a Blob link (serve mode and Electron alike): the one place the app hands
 * the browser a file. The link's URL is kept a minute: Chromium reads the Blob only once the download has
 * begun, which on a loaded machine has taken over a second after the click, and a URL revoked before that
 * gives a failed download.
 */
export function saveFile(data: BlobPart, fileName: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([data], { type: mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The bytes of a base64 text (a stored file as the core's calls return it). */
export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const raw = atob(base64);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}
