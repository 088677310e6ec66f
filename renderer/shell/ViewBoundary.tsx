import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { retryFailedViews } from '../lazy-view';

/** Shown while a view's code is fetched (the first time a section opens, if the background fetch has not). */
export function SectionLoading() {
  const { t } = useTranslation();
  return (
    <p className="section-loading" role="status">
      {t('common.loading')}
    </p>
  );
}

function ViewFailed({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="notice notice-error" role="alert">
      <strong>{t('errors.viewFailed')}</strong>
      <span> {error instanceof Error ? error.message : String(error)} </span>
      <button type="button" onClick={onRetry}>
        {t('errors.retry')}
      </button>
    </div>
  );
}

/**
 * A view that cannot be shown (its code could not be fetched, or it threw while rendering) takes its own
 * place only: the sidebar, the status bar and the other sections keep working. `resetKey` (the route) starts
 * over when the user goes elsewhere.
 */
export class ViewBoundary extends Component<{ resetKey: string; children: ReactNode }, { error: unknown; key: string }> {
  override state = { error: undefined as unknown, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  static getDerivedStateFromProps(props: { resetKey: string }, state: { error: unknown; key: string }) {
    return props.resetKey === state.key ? null : { error: undefined, key: props.resetKey };
  }

  override render() {
    if (this.state.error === undefined) return this.props.children;
    const retry = () => {
      retryFailedViews();
      this.setState({ error: undefined });
    };
    return <ViewFailed error={this.state.error} onRetry={retry} />;
  }
}
