// Screen 2, Worklist: the open cases (blocked order lines and screening hits), filtered and
// sorted, each with the workflow's actions — clear, confirm, escalate, release against a
// licence — a reason code and a note; the same for many selected lines at once.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { get, type Case, type Disposition } from '../api';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/en';
import { can } from '../api';
import { DecisionBadge, ErrorBox, Field, Loading, RoleNote, useSession } from '../ui';
import { dispose, firstReason, useReasons } from './workflow';

type SortKey = 'id' | 'kind' | 'party' | 'list' | 'score' | 'opened' | 'updated';
const ACTIONS: Disposition['action'][] = ['clear', 'confirm', 'escalate', 'release'];

export function WorklistScreen() {
  const { t, num, date, dateTime } = useI18n();
  const reasons = useReasons();
  const decides = can(useSession(), 'review');
  const [state, setState] = useState('open');
  const [kind, setKind] = useState('');
  const [text, setText] = useState('');
  const [cases, setCases] = useState<Case[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: 'opened', dir: -1 });
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [action, setAction] = useState<Disposition['action']>('clear');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [group, setGroup] = useState('legal');
  const [licence, setLicence] = useState('');
  const [validUntil, setValidUntil] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const [reload, setReload] = useState(0);
  const [partyNames, setPartyNames] = useState<Record<string, string>>({});

  // The register's names beside the party ids (the first 1000; the rest show their id).
  useEffect(() => {
    get<{ parties: { id: string; names: string[] }[] }>('/v1/parties?limit=1000')
      .then((r) => setPartyNames(Object.fromEntries(r.parties.map((p) => [p.id, p.names[0] ?? '']))))
      .catch(() => setPartyNames({}));
  }, [reload]);

  useEffect(() => {
    const ctl = new AbortController();
    setError(null);
    const q = new URLSearchParams({ state, limit: '500' });
    if (kind) q.set('kind', kind);
    get<{ cases: Case[]; total: number }>(`/v1/cases?${q}`, ctl.signal)
      .then((r) => {
        setCases(r.cases);
        setTotal(r.total);
        setSelected(new Set());
      })
      .catch((e) => {
        if ((e as Error).name !== 'AbortError') {
          setError(e);
          setCases([]);
        }
      });
    return () => ctl.abort();
  }, [state, kind, reload]);

  useEffect(() => setReason(firstReason(reasons, action)), [action, reasons]);

  const shown = useMemo(() => {
    const needle = text.trim().toLowerCase();
    const rows = (cases ?? []).filter(
      (c) =>
        !needle ||
        [
          c.party,
          c.party ? partyNames[c.party] : null,
          c.line,
          c.list,
          c.entity_id,
          c.matched_name,
          c.decision,
          c.inputs?.item,
          c.inputs?.to,
        ].some((v) => v && v.toLowerCase().includes(needle)),
    );
    const val = (c: Case) => (c[sort.key] ?? '') as string | number;
    return rows.sort((a, b) => (val(a) < val(b) ? -sort.dir : val(a) > val(b) ? sort.dir : 0));
  }, [cases, text, sort, partyNames]);

  function header(key: SortKey, label: MessageKey, cls = '') {
    const active = sort.key === key;
    return (
      <th scope="col" class={cls} aria-sort={active ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}>
        <button type="button" class="sort" onClick={() => setSort({ key, dir: active ? (-sort.dir as 1 | -1) : 1 })}>
          {t(label)} {active ? (sort.dir === 1 ? '▲' : '▼') : ''}
        </button>
      </th>
    );
  }

  async function apply(ids: number[]) {
    if (!ids.length) return;
    const d: Disposition = { action, reason };
    if (note.trim()) d.note = note.trim();
    if (action === 'escalate') d.group = group;
    if (action === 'release') {
      d.licence = licence.trim();
      d.valid_until = validUntil;
    }
    setBusy(true);
    setError(null);
    let ok = 0;
    const failures: string[] = [];
    for (const id of ids) {
      try {
        await dispose(id, d);
        ok++;
      } catch (e) {
        failures.push(`#${id}: ${(e as Error).message}`);
      }
    }
    setBusy(false);
    setMessage(t('worklist.done', { n: num(ok), action: t(`action.${action}` as MessageKey) }));
    if (failures.length) setError(new Error(failures.join('; ')));
    setReload((r) => r + 1);
  }

  const all = shown.length > 0 && shown.every((c) => selected.has(c.id));
  const toggle = (id: number) => {
    const s = new Set(selected);
    if (s.has(id)) s.delete(id);
    else s.add(id);
    setSelected(s);
  };

  return (
    <section class="panel" aria-labelledby="wl-title">
      <h2 id="wl-title">{t('worklist.title')}</h2>
      <div class="toolbar">
        <Field label={t('worklist.state')}>
          <select value={state} onChange={(e) => setState((e.target as HTMLSelectElement).value)} name="state">
            {['open', 'escalated', 'closed', 'all'].map((s) => (
              <option value={s} key={s}>
                {t(`state.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('worklist.kind')}>
          <select value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value)} name="kind">
            <option value="">{t('worklist.kind.all')}</option>
            <option value="screen">{t('worklist.kind.screen')}</option>
            <option value="check">{t('worklist.kind.check')}</option>
            <option value="unreached">{t('worklist.kind.unreached')}</option>
          </select>
        </Field>
        <Field label={t('worklist.filter')}>
          <input type="search" value={text} onInput={(e) => setText((e.target as HTMLInputElement).value)} name="filter" />
        </Field>
        <p class="muted">{t('worklist.count', { shown: num(shown.length), total: num(total) })}</p>
      </div>

      {!decides ? <RoleNote need="review" /> : null}
      {decides ? (
        <form
          class="bulkbar"
          aria-label={t('worklist.bulk')}
          onSubmit={(e) => {
            e.preventDefault();
            void apply([...selected]);
          }}
        >
          <strong>{t('worklist.selected', { n: num(selected.size) })}</strong>
          <Field label={t('worklist.action')}>
            <select
              value={action}
              onChange={(e) => setAction((e.target as HTMLSelectElement).value as Disposition['action'])}
              name="action"
            >
              {ACTIONS.map((a) => (
                <option value={a} key={a}>
                  {t(`action.${a}` as MessageKey)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('worklist.reason')}>
            <select value={reason} onChange={(e) => setReason((e.target as HTMLSelectElement).value)} name="reason">
              {reasons
                .filter((r) => r.action === action)
                .map((r) => (
                  <option value={r.code} key={r.code}>
                    {r.label} ({r.code})
                  </option>
                ))}
            </select>
          </Field>
          {action === 'escalate' ? (
            <Field label={t('worklist.group')}>
              <input name="group" value={group} onInput={(e) => setGroup((e.target as HTMLInputElement).value)} class="w8" />
            </Field>
          ) : null}
          {action === 'release' ? (
            <>
              <Field label={t('worklist.licence')}>
                <input
                  name="licence"
                  value={licence}
                  onInput={(e) => setLicence((e.target as HTMLInputElement).value)}
                  required
                  class="w12"
                />
              </Field>
              <Field label={t('worklist.valid_until')}>
                <input
                  type="date"
                  name="valid_until"
                  value={validUntil}
                  onInput={(e) => setValidUntil((e.target as HTMLInputElement).value)}
                  required
                />
              </Field>
            </>
          ) : null}
          <Field label={t('worklist.note')}>
            <input value={note} onInput={(e) => setNote((e.target as HTMLInputElement).value)} class="w16" name="note" />
          </Field>
          <button type="submit" class="primary" disabled={busy || !selected.size}>
            {t('worklist.apply')}
          </button>
        </form>
      ) : null}
      {message ? (
        <p class="verdict good" role="status">
          {message}
        </p>
      ) : null}
      <ErrorBox error={error} />
      {cases === null ? <Loading /> : null}
      {cases && !shown.length && !error ? <p class="muted">{t('worklist.empty')}</p> : null}
      {shown.length ? (
        <div class="table-scroll">
          <table class="table dense" data-testid="worklist">
            <thead>
              <tr>
                <th scope="col">
                  {decides ? (
                    <input
                      type="checkbox"
                      aria-label={t('worklist.select_all')}
                      checked={all}
                      onChange={() => setSelected(all ? new Set() : new Set(shown.map((c) => c.id)))}
                    />
                  ) : null}
                </th>
                {header('id', 'worklist.col.id', 'num')}
                {header('kind', 'worklist.kind')}
                {header('party', 'worklist.col.party')}
                {header('list', 'worklist.col.subject')}
                {header('score', 'worklist.col.score', 'num')}
                <th scope="col">{t('worklist.state')}</th>
                {header('opened', 'worklist.col.opened')}
                <th scope="col">{t('worklist.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((c) => (
                <tr key={c.id} data-case={c.id} class={selected.has(c.id) ? 'selected' : ''}>
                  <td>
                    {decides ? (
                      <input
                        type="checkbox"
                        aria-label={t('worklist.select', { id: c.id })}
                        checked={selected.has(c.id)}
                        onChange={() => toggle(c.id)}
                      />
                    ) : null}
                  </td>
                  <td class="num">
                    <a href={`#/review/${c.id}`}>{c.id}</a>
                  </td>
                  <td>{t(`worklist.kind.${c.kind}` as MessageKey)}</td>
                  <td>
                    <code>{c.party ?? c.line ?? ''}</code>
                    {c.party && partyNames[c.party] ? <div class="party-name">{partyNames[c.party]}</div> : null}
                  </td>
                  <td>
                    {c.kind === 'screen' ? (
                      <>
                        <span class="list-name">{c.list}</span> {c.matched_name} <code class="sub">{c.entity_id}</code>
                      </>
                    ) : c.kind === 'unreached' ? (
                      <span class="sub" data-testid="unreached-about">
                        {t('worklist.unreached.about')}
                      </span>
                    ) : c.decision ? (
                      <>
                        <DecisionBadge decision={c.decision} />
                        {c.inputs ? (
                          <div class="sub shipment">
                            <code>{c.inputs.item ?? c.inputs.hs ?? ''}</code> {c.inputs.from} → {c.inputs.to}{' '}
                            {date(c.inputs.date)}
                          </div>
                        ) : null}
                      </>
                    ) : null}
                  </td>
                  <td class="num">{c.score === null ? '' : num(c.score, 3)}</td>
                  <td>
                    <span class={`state state-${c.state}`}>{t(`state.${c.state}` as MessageKey)}</span>
                    {c.last_action ? <div class="sub">{t(`action.${c.last_action}` as MessageKey)}</div> : null}
                  </td>
                  <td class="nowrap">{dateTime(c.opened)}</td>
                  <td class="nowrap">
                    {decides && c.state !== 'closed' && (c.kind === 'screen' || c.kind === 'unreached') ? (
                      <>
                        <button type="button" class="small" data-action="clear" onClick={() => void applyOne(c.id, 'clear')}>
                          {t('action.clear')}
                        </button>{' '}
                      </>
                    ) : null}
                    <a class="button small" href={`#/review/${c.id}`}>
                      {t('worklist.review')}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );

  async function applyOne(id: number, a: Disposition['action']) {
    setBusy(true);
    setError(null);
    try {
      const d: Disposition = { action: a, reason: firstReason(reasons, a) };
      if (note.trim()) d.note = note.trim();
      await dispose(id, d);
      setMessage(t('worklist.done', { n: num(1), action: t(`action.${a}` as MessageKey) }));
    } catch (e) {
      setError(e);
    }
    setBusy(false);
    setReload((r) => r + 1);
  }
}
