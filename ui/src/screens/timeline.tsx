// Screen 4, Timeline: one country's groups in a jurisdiction over time (Korea in Japan's
// Group A → B → A, Japan in Korea's 가 → 가의2 → 가), the events with their clause ids, and
// the diff between any two dates — all from /v1/regimes/{jur}/groups and /diff.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { get, type Change, type GroupsOnDate } from '../api';
import { addDays, today } from '../dates';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/en';
import { ErrorBox, Field, Loading, StatusBadge } from '../ui';

/* Where each jurisdiction's data begins (its regime.yaml), and the corridor's default view. */
const REGIMES: Record<string, { begins: string; country: string; diff: [string, string] }> = {
  JP: { begins: '2013-01-01', country: 'KR', diff: ['2019-08-27', '2019-08-28'] },
  KR: { begins: '2013-01-01', country: 'JP', diff: ['2019-09-17', '2019-09-18'] },
  EU: { begins: '2021-01-01', country: 'RU', diff: ['2022-02-25', '2022-03-01'] },
  US: { begins: '2026-07-23', country: 'CN', diff: ['2026-07-23', '2026-12-31'] },
};

/* The corridor's stories, one click each. */
const PRESETS: { key: MessageKey; jur: string; country: string }[] = [
  { key: 'timeline.preset.jpkr', jur: 'JP', country: 'KR' },
  { key: 'timeline.preset.krjp', jur: 'KR', country: 'JP' },
  { key: 'timeline.preset.krru', jur: 'KR', country: 'RU' },
  { key: 'timeline.preset.euru', jur: 'EU', country: 'RU' },
];

interface Segment {
  group: string;
  from: string;
  to: string;
}

/* Membership intervals of the country from its groups on the first day and the joins and
 * leaves after it. */
export function segments(initial: string[], changes: Change[], begins: string, end: string): Segment[] {
  const open = new Map<string, string>();
  const out: Segment[] = [];
  initial.forEach((g) => open.set(g, begins));
  for (const c of [...changes].sort((a, b) => a.date.localeCompare(b.date))) {
    if (c.kind !== 'membership' || !c.group) continue;
    if (c.change === 'joins' && !open.has(c.group)) open.set(c.group, c.date);
    if (c.change === 'leaves' && open.has(c.group)) {
      out.push({ group: c.group, from: open.get(c.group)!, to: c.date });
      open.delete(c.group);
    }
  }
  open.forEach((from, group) => out.push({ group, from, to: end }));
  return out.sort((a, b) => a.from.localeCompare(b.from) || a.group.localeCompare(b.group));
}

export function TimelineScreen() {
  const { t, country: countryName } = useI18n();
  const [jur, setJur] = useState('JP');
  const [country, setCountry] = useState(REGIMES.JP.country);
  const [initial, setInitial] = useState<string[] | null>(null);
  const [changes, setChanges] = useState<Change[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const regime = REGIMES[jur];
  const end = useMemo(() => addDays(today(), 365), []);

  useEffect(() => {
    const ctl = new AbortController();
    const c = country.trim().toUpperCase();
    setInitial(null);
    setChanges(null);
    setError(null);
    if (!/^[A-Z]{2}$/.test(c)) return;
    Promise.all([
      get<GroupsOnDate>(`/v1/regimes/${jur}/groups?date=${regime.begins}`, ctl.signal),
      get<{ changes: Change[] }>(`/v1/regimes/${jur}/diff?from=${regime.begins}&to=${end}&country=${c}`, ctl.signal),
    ])
      .then(([g, d]) => {
        setInitial(g.groups.filter((x) => x.members.some((m) => m.country === c)).map((x) => x.group));
        setChanges(d.changes);
      })
      .catch((e) => {
        if ((e as Error).name !== 'AbortError') setError(e);
      });
    return () => ctl.abort();
  }, [jur, country, end]);

  const segs = initial && changes ? segments(initial, changes, regime.begins, end) : null;
  const steps = segs?.map((s) => s.group) ?? [];

  return (
    <div class="stack">
      <section class="panel" aria-labelledby="tl-title">
        <h2 id="tl-title">{t('timeline.title')}</h2>
        <div class="examples" role="group" aria-label={t('check.examples')}>
          {PRESETS.map((p) => (
            <button
              type="button"
              class="chip"
              key={p.key}
              aria-pressed={jur === p.jur && country.toUpperCase() === p.country}
              onClick={() => {
                setJur(p.jur);
                setCountry(p.country);
              }}
            >
              {t(p.key)}
            </button>
          ))}
        </div>
        <div class="toolbar">
          <Field label={t('timeline.jurisdiction')}>
            <select
              name="jurisdiction"
              value={jur}
              onChange={(e) => {
                const j = (e.target as HTMLSelectElement).value;
                setJur(j);
                setCountry(REGIMES[j].country);
              }}
            >
              {Object.keys(REGIMES).map((j) => (
                <option value={j} key={j}>
                  {j} — {countryName(j)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('timeline.country')}>
            <input
              name="country"
              value={country}
              maxLength={2}
              class="w4"
              onChange={(e) => setCountry((e.target as HTMLInputElement).value)}
            />
          </Field>
          <p class="muted">{t('timeline.range', { from: regime.begins, to: end })}</p>
        </div>
        <ErrorBox error={error} />
        {!segs && !error ? <Loading /> : null}
        {segs ? (
          <>
            <p class="steps-line" data-testid="group-steps">
              <strong>
                {countryName(country.toUpperCase())} ({country.toUpperCase()})
              </strong>
              {': '}
              {segs.length
                ? segs.map((s, i) => (
                    <span key={i}>
                      {i ? ' → ' : ''}
                      <span class="group-name">{s.group}</span> <span class="muted">({s.from})</span>
                    </span>
                  ))
                : t('timeline.no_groups')}
            </p>
            <GroupChart segs={segs} begins={regime.begins} end={end} changes={changes!} steps={steps} />
            <EventTable changes={changes!} />
          </>
        ) : null}
      </section>
      <DiffPanel jur={jur} initial={regime.diff} country={country} />
    </div>
  );
}

/* The rules in force over the period (special measures, catch-all changes), from their
 * takes_effect and ends events. */
export function ruleSpans(changes: Change[], begins: string, end: string): { id: string; from: string; to: string; text?: string }[] {
  const spans = new Map<string, { id: string; from: string; to: string; text?: string }>();
  for (const c of [...changes].sort((a, b) => a.date.localeCompare(b.date))) {
    if (c.kind !== 'rule') continue;
    const s = spans.get(c.id) ?? { id: c.id, from: begins, to: end, text: c.text };
    if (c.change === 'takes_effect') s.from = c.date;
    if (c.change === 'ends') s.to = c.date;
    spans.set(c.id, s);
  }
  return [...spans.values()].sort((a, b) => a.from.localeCompare(b.from));
}

function GroupChart({ segs, begins, end, changes }: { segs: Segment[]; begins: string; end: string; changes: Change[]; steps: string[] }) {
  const { t, date } = useI18n();
  const groups = [...new Set(segs.map((s) => s.group))];
  const rules = ruleSpans(changes, begins, end);
  const W = 1000;
  const left = 90;
  const row = 30;
  const rrow = 18;
  const top = 26;
  const rtop = top + groups.length * row + (rules.length ? 14 : 0);
  const H = rtop + rules.length * rrow + 30;
  const t0 = Date.parse(begins);
  const t1 = Date.parse(end);
  const x = (d: string) => left + ((Date.parse(d) - t0) / (t1 - t0)) * (W - left - 10);
  const years: string[] = [];
  for (let y = +begins.slice(0, 4) + 1; y <= +end.slice(0, 4); y++) years.push(`${y}-01-01`);
  const eventDates = [...new Set(changes.map((c) => c.date))];
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('timeline.chart.label')} class="timeline-svg">
        {years.map((y) => (
          <g key={y}>
            <line x1={x(y)} x2={x(y)} y1={top - 6} y2={H - 24} class="grid-line" />
            <text x={x(y)} y={H - 8} class="axis-label" text-anchor="middle">
              {y.slice(0, 4)}
            </text>
          </g>
        ))}
        {eventDates.map((d) => (
          <g key={d}>
            <line x1={x(d)} x2={x(d)} y1={top - 10} y2={H - 24} class="event-line" />
            <title>{date(d)}</title>
          </g>
        ))}
        {groups.map((g, i) => (
          <text key={g} x={left - 8} y={top + i * row + row / 2 + 4} class="row-label" text-anchor="end">
            {g}
          </text>
        ))}
        {segs.map((s, i) => {
          const r = groups.indexOf(s.group);
          const x0 = x(s.from);
          const x1 = x(s.to);
          return (
            <g key={i} data-group={s.group}>
              <rect x={x0} y={top + r * row + 4} width={Math.max(2, x1 - x0)} height={row - 8} rx="3" class={`bar bar-${r % 6}`} />
              <title>{`${s.group}: ${date(s.from)} – ${date(s.to)}`}</title>
              {x1 - x0 > 150 ? (
                <text x={x0 + 6} y={top + r * row + row / 2 + 4} class="bar-label">
                  {`${s.group} · ${s.from}`}
                </text>
              ) : null}
            </g>
          );
        })}
        {rules.length ? (
          <text x={left - 8} y={rtop + 12} class="rule-lane" text-anchor="end">
            {t('timeline.rules')}
          </text>
        ) : null}
        {rules.map((r, i) => {
          const x0 = x(r.from);
          const x1 = x(r.to);
          const label = x1 - x0 > 130;
          const before = !label && x1 + 140 > W; // no room on the right: the id goes before the bar
          return (
            <g key={r.id} data-rule={r.id}>
              <rect x={x0} y={rtop + i * rrow + 2} width={Math.max(3, x1 - x0)} height={rrow - 4} rx="2" class="bar-rule" />
              <title>{`${r.id}: ${date(r.from)} – ${date(r.to)}${r.text ? `\n${r.text}` : ''}`}</title>
              <text
                x={label ? x0 + 4 : before ? x0 - 4 : x1 + 4}
                y={rtop + i * rrow + rrow / 2 + 4}
                class={label ? 'rule-label' : before ? 'rule-label outside before' : 'rule-label outside'}
              >
                {r.id}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption class="muted">{t('timeline.chart.caption')}</figcaption>
    </figure>
  );
}

function changeLabel(t: (k: MessageKey) => string, c: Change): string {
  const key = `change.${c.change}` as MessageKey;
  const label = t(key);
  return label === key ? c.change : label;
}

function EventTable({ changes }: { changes: Change[] }) {
  const { t, date, country } = useI18n();
  if (!changes.length) return <p class="muted">{t('timeline.no_events')}</p>;
  return (
    <table class="table" data-testid="events">
      <caption>{t('timeline.events')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('common.date')}</th>
          <th scope="col">{t('timeline.change')}</th>
          <th scope="col">{t('timeline.what')}</th>
          <th scope="col">{t('timeline.clause')}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c, i) => (
          <tr key={i}>
            <td class="nowrap">
              <time dateTime={c.date}>{date(c.date)}</time>
            </td>
            <td class="nowrap">{changeLabel(t, c)}</td>
            <td>
              {c.kind === 'membership' ? (
                <>
                  {country(c.country)} ({c.country}) — <span class="group-name">{c.group}</span>
                </>
              ) : (
                c.text
              )}
            </td>
            <td class="nowrap">
              <code>{c.id}</code> <StatusBadge status={c.status} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DiffPanel({ jur, initial, country }: { jur: string; initial: [string, string]; country: string }) {
  const { t } = useI18n();
  const [from, setFrom] = useState(initial[0]);
  const [to, setTo] = useState(initial[1]);
  const [only, setOnly] = useState(true);
  const [changes, setChanges] = useState<Change[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setFrom(initial[0]);
    setTo(initial[1]);
    setChanges(null);
  }, [jur]);
  async function run(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      const c = only && /^[A-Za-z]{2}$/.test(country) ? `&country=${country.toUpperCase()}` : '';
      const d = await get<{ changes: Change[] }>(`/v1/regimes/${jur}/diff?from=${from}&to=${to}${c}`);
      setChanges(d.changes);
    } catch (err) {
      setError(err);
      setChanges(null);
    }
  }
  return (
    <section class="panel" aria-labelledby="diff-title">
      <h2 id="diff-title">{t('timeline.diff.title')}</h2>
      <form class="toolbar" onSubmit={run}>
        <Field label={t('timeline.diff.from')}>
          <input type="date" value={from} onInput={(e) => setFrom((e.target as HTMLInputElement).value)} required name="diff-from" />
        </Field>
        <Field label={t('timeline.diff.to')}>
          <input type="date" value={to} onInput={(e) => setTo((e.target as HTMLInputElement).value)} required name="diff-to" />
        </Field>
        <label class="check">
          <input type="checkbox" checked={only} onChange={(e) => setOnly((e.target as HTMLInputElement).checked)} />
          {t('timeline.diff.only', { country: country.toUpperCase() })}
        </label>
        <button type="submit" class="primary">
          {t('timeline.diff.run')}
        </button>
      </form>
      <ErrorBox error={error} />
      {changes?.length ? (
        <p>
          <a href={`#/batch/${from}/${to}`} data-testid="diff-to-batch">
            {t('timeline.diff.orders', { from, to })}
          </a>
        </p>
      ) : null}
      {changes ? (
        <div data-testid="diff-result">
          {changes.length ? <EventTable changes={changes} /> : <p class="muted">{t('timeline.diff.none')}</p>}
        </div>
      ) : null}
    </section>
  );
}
