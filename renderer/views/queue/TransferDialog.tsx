import { client } from '../../api/client';
import { saveFile } from '../../save-file';

export async function exportQueue(format: 'csv' | 'json'): Promise<void> {
  const { text } = await client.call('tickets.export', { format });
  saveFile(text, `atelier-tickets-${new Date().toISOString().slice(0, 10)}.${format}`, format === 'csv' ? 'text/csv' : 'application/json');
}

export { ImportDialog } from './ImportDialog';
