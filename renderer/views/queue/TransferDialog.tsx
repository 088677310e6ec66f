import { client } from '../../api/client';

/** Saves text as a file through the browser (no Node in the renderer). */
export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

export async function exportQueue(format: 'csv' | 'json'): Promise<void> {
  const { text } = await client.call('tickets.export', { format });
  download(`atelier-tickets-${new Date().toISOString().slice(0, 10)}.${format}`, text, format === 'csv' ? 'text/csv' : 'application/json');
}

export { ImportDialog } from './ImportDialog';
