// The workbench shell: the six screens behind hash routes (#/check, #/worklist, ...), the
// language switch and the API token.  Hash routes keep the server simple: it serves one
// index.html and the files under /assets/, nothing else.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { get, getToken, setToken, type Session } from './api';
import { I18nContext, LOCALES, initialLocale, makeI18n, rememberLocale, type Locale } from './i18n';
import type { MessageKey } from './i18n/en';
import { AuditScreen } from './screens/audit';
import { BatchScreen } from './screens/batch';
import { CheckScreen } from './screens/check';
import { ReviewScreen } from './screens/review';
import { TimelineScreen } from './screens/timeline';
import { WorklistScreen } from './screens/worklist';
import { SessionContext } from './ui';

const SCREENS: { path: string; key: MessageKey }[] = [
  { path: 'check', key: 'nav.check' },
  { path: 'worklist', key: 'nav.worklist' },
  { path: 'review', key: 'nav.review' },
  { path: 'timeline', key: 'nav.timeline' },
  { path: 'batch', key: 'nav.batch' },
  { path: 'audit', key: 'nav.audit' },
];

function route(): { screen: string; arg?: string; arg2?: string } {
  const [screen, arg, arg2] = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  return { screen: SCREENS.some((s) => s.path === screen) ? screen : 'check', arg, arg2 };
}

export function App() {
  const [locale, setLocale] = useState<Locale>(initialLocale);
  const [where, setWhere] = useState(route);
  const [token, setTok] = useState(getToken);
  const [draft, setDraft] = useState('');
  const [session, setSession] = useState<Session | null>(null);
  const i18n = useMemo(() => makeI18n(locale), [locale]);

  // What the token (or no token) may do here: the screens show only those actions.
  useEffect(() => {
    get<Session>('/v1/session')
      .then(setSession)
      .catch(() => setSession({ tokens: false, role: 'admin', name: null }));
  }, [token]);
  const { t } = i18n;

  useEffect(() => {
    const on = () => setWhere(route());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = `${t(SCREENS.find((s) => s.path === where.screen)!.key)} — ${t('app.title')}`;
  }, [locale, where]);

  return (
    <I18nContext.Provider value={i18n}>
      <SessionContext.Provider value={session}>
        <a class="skip" href="#main">
          {t('app.skip')}
        </a>
        <header class="top">
          <div class="brand">
            <span class="logo" aria-hidden="true">
              S
            </span>
            <span>{t('app.title')}</span>
          </div>
          <nav aria-label={t('nav.label')}>
            <ul>
              {SCREENS.map((s) => (
                <li key={s.path}>
                  <a href={`#/${s.path}`} aria-current={where.screen === s.path ? 'page' : undefined} data-nav={s.path}>
                    {t(s.key)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <div class="top-tools">
            <form
              class="token"
              onSubmit={(e) => {
                e.preventDefault();
                setToken(draft.trim());
                setTok(draft.trim());
                setDraft('');
              }}
            >
              {session?.tokens && session.role === 'none' && !token ? <span class="needs-token">{t('token.needed')}</span> : null}
              {token ? (
                <>
                  <span class="muted" data-testid="session">
                    {t('token.as', { name: session?.name ?? '?', role: session?.role ?? '?' })}
                  </span>
                  <button
                    type="button"
                    class="small"
                    onClick={() => {
                      setToken('');
                      setTok('');
                    }}
                  >
                    {t('token.signout')}
                  </button>
                </>
              ) : (
                <>
                  <label for="token-input" class="sr-only">
                    {t('token.label')}
                  </label>
                  <input
                    id="token-input"
                    type="password"
                    autocomplete="off"
                    placeholder={t('token.placeholder')}
                    value={draft}
                    onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
                    class="w12"
                  />
                  <button type="submit" class="small" disabled={!draft.trim()}>
                    {t('token.signin')}
                  </button>
                </>
              )}
            </form>
            <label for="lang" class="sr-only">
              {t('app.language')}
            </label>
            <select
              id="lang"
              value={locale}
              onChange={(e) => {
                const l = (e.target as HTMLSelectElement).value as Locale;
                rememberLocale(l);
                setLocale(l);
              }}
            >
              {LOCALES.map((l) => (
                <option value={l.code} key={l.code} lang={l.code}>
                  {l.label}
                </option>
              ))}
            </select>
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          {where.screen === 'check' ? <CheckScreen /> : null}
          {where.screen === 'worklist' ? <WorklistScreen /> : null}
          {where.screen === 'review' ? <ReviewScreen id={where.arg} /> : null}
          {where.screen === 'timeline' ? <TimelineScreen /> : null}
          {where.screen === 'batch' ? <BatchScreen dateA={where.arg} dateB={where.arg2} /> : null}
          {where.screen === 'audit' ? <AuditScreen id={where.arg} /> : null}
        </main>
        <footer class="foot muted">{t('app.footer')}</footer>
      </SessionContext.Provider>
    </I18nContext.Provider>
  );
}
