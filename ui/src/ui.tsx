// Small pieces every screen uses: an error where it happened, a citation link with its
// verification status, the decision badge, a labelled field.
import { createContext, type ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import { ApiError, type Citation, type Session } from './api';
import { useI18n } from './i18n';
import type { MessageKey } from './i18n/en';

export function ErrorBox({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  let text: string;
  if (error instanceof ApiError) {
    const what =
      error.status === 401 ? t('error.401') : error.status === 403 ? t('error.403') : error.status === 0 ? t('error.network') : '';
    text = [what, error.title + (error.detail ? ` — ${error.detail}` : ''), error.status ? `(HTTP ${error.status})` : '']
      .filter(Boolean)
      .join(' ');
  } else {
    text = (error as Error).message ?? String(error);
  }
  return (
    <div class="error" role="alert">
      <strong>{t('error.title')}</strong> {text}
    </div>
  );
}

export function StatusBadge({ status }: { status?: string }) {
  const { t } = useI18n();
  if (!status) return null;
  const key = `status.${status}` as MessageKey;
  return <span class={`status status-${status}`}>{t(key)}</span>;
}

export function CitationLink({ id, citation }: { id: string; citation?: Citation }) {
  const title = citation ? [citation.title, citation.article].filter(Boolean).join(', ') : undefined;
  return (
    <span class="cite">
      {citation?.source ? (
        <a href={citation.source} target="_blank" rel="noopener noreferrer" title={title}>
          {id}
        </a>
      ) : (
        <code title={title}>{id}</code>
      )}
      <StatusBadge status={citation?.status} />
    </span>
  );
}

export function DecisionBadge({ decision }: { decision: string }) {
  const { t } = useI18n();
  return (
    <span class={`decision decision-${decision}`} data-decision={decision}>
      {t(`decision.${decision}` as MessageKey)}
    </span>
  );
}

export function Field({ label, children, hint }: { label: string; children: ComponentChildren; hint?: string }) {
  return (
    <label class="field">
      <span class="field-label">{label}</span>
      {children}
      {hint ? <span class="field-hint">{hint}</span> : null}
    </label>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p class="loading" role="status">
      {t('common.loading')}
    </p>
  );
}

/* The caller's session (role) for the screens: null until the server has answered. */
export const SessionContext = createContext<Session | null>(null);
export const useSession = () => useContext(SessionContext);

/* Says which role an operation needs when the caller's does not reach it. */
export function RoleNote({ need }: { need: string }) {
  const { t } = useI18n();
  const s = useSession();
  return (
    <p class="role-note" role="note" data-testid="role-note">
      {t('role.needs', { need, role: s?.role ?? 'none' })}
    </p>
  );
}
