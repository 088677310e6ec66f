import { useTranslation } from 'react-i18next';
import { navigate } from '../../route';
import { prefillRecording } from '../../terminal/recording';

/** From a ticket: to the host book with "Record this session to" this ticket already ticked. */
export function RecordTerminalButton({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      onClick={() => {
        prefillRecording(ticketId);
        navigate('hosts');
      }}
    >
      {t('recording.fromTicket')}
    </button>
  );
}
