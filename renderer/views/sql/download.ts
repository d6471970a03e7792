/**
 * Saving a text file from the renderer: a Blob behind an <a download> link,
 * which a browser saves to its downloads and Electron hands to its download
 * handling. Kept in one place so it can become a native save dialog later.
 */

/** How long the Blob's URL stays valid after the click: the browser reads it asynchronously. */
const REVOKE_AFTER_MS = 10_000;

export function downloadText(name: string, text: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
  }
}
