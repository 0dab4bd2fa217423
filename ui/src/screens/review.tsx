// Screen 3, Match review: the query and the list entity side by side — every name in its
// own script, programmes, countries, identifiers, the source, the score and how each token
// matched — driven from the keyboard: j / k next and previous, c clear, f confirm,
// e escalate.  A party no screening by spelling reaches shows its names beside the
// caveats that say why, and is cleared, confirmed or escalated the same way.
import { useEffect, useState } from 'preact/hooks';
import { get, type Case, type CaseDetail, type Decision, type Disposition } from '../api';
import { DecisionView } from './check';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/en';
import { can } from '../api';
import { ErrorBox, Loading, RoleNote, useSession } from '../ui';
import { dispose, firstReason, useReasons } from './workflow';

/* Unicode script of a name, for the label beside it when the list does not say. */
export function scriptOf(s: string): string {
  if (/[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]/.test(s)) return 'Hangul';
  if (/[\u3040-\u309f]/.test(s)) return 'Hiragana';
  if (/[\u30a0-\u30ff]/.test(s)) return 'Katakana';
  if (/[\u4e00-\u9fff]/.test(s)) return 'Han';
  if (/[\u0400-\u04ff]/.test(s)) return 'Cyrillic';
  if (/[\u0600-\u06ff]/.test(s)) return 'Arabic';
  return 'Latin';
}

function show(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object')
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k}: ${typeof x === 'object' ? JSON.stringify(x) : String(x)}`)
      .join(' · ');
  return JSON.stringify(v);
}

export function ReviewScreen({ id }: { id?: string }) {
  const { t, num, dateTime } = useI18n();
  const reasons = useReasons();
  const decides = can(useSession(), 'review');
  const [queue, setQueue] = useState<Case[] | null>(null);
  const [current, setCurrent] = useState<number | null>(id ? Number(id) : null);
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState('');
  const [message, setMessage] = useState('');
  const [licence, setLicence] = useState('');
  const [validUntil, setValidUntil] = useState('');

  useEffect(() => {
    get<{ cases: Case[] }>('/v1/cases?state=open&kind=screen&limit=500')
      .then((r) => {
        setQueue(r.cases);
        if (current === null && r.cases.length) setCurrent(r.cases[0].id);
      })
      .catch((e) => {
        setError(e);
        setQueue([]);
      });
  }, []);

  useEffect(() => {
    if (id) setCurrent(Number(id));
  }, [id]);

  useEffect(() => {
    if (current === null) return;
    setDetail(null);
    setError(null);
    get<CaseDetail>(`/v1/cases/${current}`).then(setDetail).catch(setError);
  }, [current]);

  const index = queue && current !== null ? queue.findIndex((c) => c.id === current) : -1;
  function go(step: number) {
    if (!queue?.length) return;
    const i = Math.min(queue.length - 1, Math.max(0, (index < 0 ? 0 : index) + step));
    setCurrent(queue[i].id);
    setMessage('');
    location.hash = `#/review/${queue[i].id}`;
  }

  async function act(action: Disposition['action']) {
    if (!detail || detail.state === 'closed') return;
    // A screening hit or a party no screening reaches is cleared or confirmed; an order
    // line is confirmed or released.
    if ((action === 'clear' && detail.kind === 'check') || (action === 'release' && detail.kind !== 'check')) return;
    try {
      const d: Disposition = {
        action,
        reason: firstReason(reasons, action),
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(action === 'escalate' ? { group: 'legal' } : {}),
      };
      if (action === 'release') {
        d.licence = licence.trim();
        d.valid_until = validUntil;
      }
      await dispose(detail.id, d);
      setMessage(t('review.done', { id: detail.id, action: t(`action.${action}` as MessageKey) }));
      setNote('');
      const rest = (queue ?? []).filter((c) => c.id !== detail.id);
      const next = rest[Math.min(Math.max(index, 0), rest.length - 1)];
      setQueue(rest);
      if (next) {
        setCurrent(next.id);
        location.hash = `#/review/${next.id}`;
      } else {
        setDetail({ ...detail, state: action === 'escalate' ? 'escalated' : 'closed' });
      }
    } catch (e) {
      setError(e);
    }
  }

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const el = e.target as HTMLElement;
      if (e.ctrlKey || e.metaKey || e.altKey || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName)) return;
      const k = e.key.toLowerCase();
      if (k === 'j') go(1);
      else if (k === 'k') go(-1);
      else if (k === 'c' && decides) void act('clear');
      else if (k === 'f' && decides) void act('confirm');
      else if (k === 'e' && decides) void act('escalate');
      else return;
      e.preventDefault();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const ev = detail?.evidence;
  const entity = ev?.entity;
  return (
    <section class="panel" aria-labelledby="rv-title">
      <div class="panel-head">
        <h2 id="rv-title">{t('review.title')}</h2>
        <p class="keys" aria-label={t('review.keys.label')}>
          <kbd>j</kbd> {t('review.key.next')} <kbd>k</kbd> {t('review.key.prev')} <kbd>c</kbd> {t('action.clear')} <kbd>f</kbd>{' '}
          {t('action.confirm')} <kbd>e</kbd> {t('action.escalate')}
        </p>
      </div>
      <p class="muted" role="status">
        {queue ? t('review.position', { i: num(index + 1), n: num(queue.length) }) : ''} {message}
      </p>
      <ErrorBox error={error} />
      {current === null && queue && !queue.length ? <p class="muted">{t('review.empty')}</p> : null}
      {current !== null && !detail && !error ? <Loading /> : null}
      {detail ? (
        <div data-testid="review">
          {detail.kind === 'check' ? (
            <div class="compare one">
              <div class="side">
                <h3>
                  {t('worklist.kind.check')} <code>{detail.line}</code>
                </h3>
                {detail.answer ? <DecisionView d={detail.answer as Decision} previous={null} /> : null}
              </div>
            </div>
          ) : (
            <div class="compare">
              <div class="side">
                <h3>{t('review.query')}</h3>
                <dl class="facts">
                  <dt>{t('worklist.col.party')}</dt>
                  <dd>
                    <code>{detail.party ?? detail.line}</code>
                  </dd>
                  <dt>{t('review.names')}</dt>
                  <dd>
                    <ul class="names">
                      {(ev?.query?.names ?? []).map((n) => (
                        <li key={n} class={n === ev?.screened_name ? 'matched' : ''}>
                          <span class="name" lang={scriptOf(n) === 'Hangul' ? 'ko' : scriptOf(n) === 'Latin' ? 'en' : 'ja'}>
                            {n}
                          </span>{' '}
                          <span class="script">{scriptOf(n)}</span>
                        </li>
                      ))}
                    </ul>
                  </dd>
                  {ev?.query?.type ? (
                    <>
                      <dt>{t('review.type')}</dt>
                      <dd>{ev.query.type}</dd>
                    </>
                  ) : null}
                  {ev?.query?.country ? (
                    <>
                      <dt>{t('review.countries')}</dt>
                      <dd>{ev.query.country}</dd>
                    </>
                  ) : null}
                </dl>
              </div>
              {detail.kind === 'unreached' ? (
                <div class="side" data-testid="unreached-caveats">
                  <h3>{t('review.caveats')}</h3>
                  <ul>
                    {(ev?.caveats ?? []).map((c) => (
                      <li key={c}>{c}</li>
                    ))}
                  </ul>
                </div>
              ) : (
                <div class="side">
                  <h3>
                    {t('review.entity')} <span class="list-name">{entity?.list ?? detail.list}</span>{' '}
                    <code>{entity?.id ?? detail.entity_id}</code>
                  </h3>
                  <dl class="facts">
                    <dt>{t('review.names')}</dt>
                    <dd>
                      <ul class="names">
                        {(entity?.names ?? []).map((n, i) => (
                          <li key={i} class={n.name === (ev?.matched_name ?? detail.matched_name) ? 'matched' : ''}>
                            <span class="name">{n.name}</span> <span class="script">{n.script ?? scriptOf(n.name)}</span>
                            {n.kind ? <span class="sub"> {n.kind}</span> : null}
                          </li>
                        ))}
                      </ul>
                    </dd>
                    {entity?.type ? (
                      <>
                        <dt>{t('review.type')}</dt>
                        <dd>{entity.type}</dd>
                      </>
                    ) : null}
                    <dt>{t('review.programs')}</dt>
                    <dd>{(entity?.programs ?? []).join(', ') || '—'}</dd>
                    <dt>{t('review.countries')}</dt>
                    <dd>{(entity?.countries ?? []).join(', ') || '—'}</dd>
                    <dt>{t('review.identifiers')}</dt>
                    <dd>{(entity?.identifiers ?? []).map(show).join('; ') || '—'}</dd>
                    {entity?.dob?.length ? (
                      <>
                        <dt>{t('review.dob')}</dt>
                        <dd>{entity.dob.join(', ')}</dd>
                      </>
                    ) : null}
                    <dt>{t('review.source')}</dt>
                    <dd>
                      {[entity?.url, entity?.source]
                        .filter((u): u is string => !!u)
                        .map((u) =>
                          /^https?:/.test(u) ? (
                            <a key={u} href={u} target="_blank" rel="noopener noreferrer" class="block">
                              {u}
                            </a>
                          ) : (
                            <span key={u} class="block">
                              {u}
                            </span>
                          ),
                        )}
                      {!entity?.url && !entity?.source ? '—' : null}
                      {entity?.issuer ? <span class="sub block">{entity.issuer}</span> : null}
                    </dd>
                    {entity?.licence_requirement || entity?.licence_policy || entity?.notice ? (
                      <>
                        <dt>{t('review.licence')}</dt>
                        <dd>{[entity.licence_requirement, entity.licence_policy, entity.notice].filter(Boolean).join(' · ')}</dd>
                      </>
                    ) : null}
                    {entity?.content_hash ? (
                      <>
                        <dt>{t('review.entry_hash')}</dt>
                        <dd>
                          <code class="hash">{entity.content_hash.slice(0, 16)}</code>
                        </dd>
                      </>
                    ) : null}
                  </dl>
                </div>
              )}
            </div>
          )}
          {detail.kind === 'screen' ? (
            <div class="score-row">
              <span class="score" data-testid="score">
                {t('review.score')} {num(ev?.score ?? detail.score ?? 0, 3)}
              </span>
              <meter
                min={0}
                max={1}
                low={0.6}
                high={0.8}
                optimum={0}
                value={ev?.score ?? detail.score ?? 0}
                aria-label={t('review.score')}
              />
              <span class={`state state-${detail.state}`}>{t(`state.${detail.state}` as MessageKey)}</span>
            </div>
          ) : null}
          {ev?.explanation?.length ? (
            <>
              <h3>{t('review.explanation')}</h3>
              <Explanation items={ev.explanation} />
            </>
          ) : null}
          {!decides ? <RoleNote need="review" /> : null}
          <div class="actions">
            {decides ? (
              <>
                <input
                  value={note}
                  onInput={(e) => setNote((e.target as HTMLInputElement).value)}
                  aria-label={t('worklist.note')}
                  placeholder={t('worklist.note')}
                  class="w16"
                />
                {detail.kind !== 'check' ? (
                  <button type="button" onClick={() => void act('clear')} disabled={detail.state === 'closed'}>
                    {t('action.clear')} (c)
                  </button>
                ) : (
                  <span class="inline">
                    <input
                      name="licence"
                      value={licence}
                      onInput={(e) => setLicence((e.target as HTMLInputElement).value)}
                      aria-label={t('worklist.licence')}
                      placeholder={t('worklist.licence')}
                      class="w12"
                    />
                    <input
                      type="date"
                      name="valid_until"
                      value={validUntil}
                      onInput={(e) => setValidUntil((e.target as HTMLInputElement).value)}
                      aria-label={t('worklist.valid_until')}
                    />
                    <button
                      type="button"
                      onClick={() => void act('release')}
                      disabled={detail.state === 'closed' || !licence.trim() || !validUntil}
                    >
                      {t('action.release')}
                    </button>
                  </span>
                )}
                <button type="button" onClick={() => void act('confirm')} disabled={detail.state === 'closed'}>
                  {t('action.confirm')} (f)
                </button>
                <button type="button" onClick={() => void act('escalate')} disabled={detail.state === 'closed'}>
                  {t('action.escalate')} (e)
                </button>
              </>
            ) : null}
            <button type="button" onClick={() => go(-1)}>
              ← {t('review.key.prev')} (k)
            </button>
            <button type="button" onClick={() => go(1)}>
              {t('review.key.next')} (j) →
            </button>
          </div>
          {detail.history?.length ? (
            <>
              <h3>{t('review.history')}</h3>
              <table class="table dense">
                <tbody>
                  {detail.history.map((h) => (
                    <tr key={h.record}>
                      <td class="nowrap">{dateTime(h.created)}</td>
                      <td>
                        {h.action ? t(`action.${h.action}` as MessageKey) : h.kind}
                        {h.cause ? <span class="sub"> ({h.cause})</span> : null}
                      </td>
                      <td>
                        {h.reason}
                        {h.licence ? ` · ${h.licence}` : ''}
                        {h.valid_until ? ` → ${h.valid_until}` : ''}
                        {h.group ? ` → ${h.group}` : ''}
                      </td>
                      <td>{h.note}</td>
                      <td>{h.actor}</td>
                      <td class="num">
                        <a href={`#/audit/${h.record}`}>{h.record}</a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

/* The per-token explanation: a table when its entries are objects (one column per member),
 * else a list. */
function Explanation({ items }: { items: unknown[] }) {
  const objects = items.every((x) => x && typeof x === 'object' && !Array.isArray(x));
  if (!objects)
    return (
      <ul class="explanation">
        {items.map((x, i) => (
          <li key={i}>{show(x)}</li>
        ))}
      </ul>
    );
  const rows = items as Record<string, unknown>[];
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return (
    <table class="table dense explanation-table" data-testid="explanation">
      <thead>
        <tr>
          {cols.map((c) => (
            <th scope="col" key={c}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            {cols.map((c) => (
              <td key={c} class={typeof r[c] === 'number' ? 'num' : ''}>
                {typeof r[c] === 'number' ? (r[c] as number).toFixed(3).replace(/\.?0+$/, '') : show(r[c])}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
