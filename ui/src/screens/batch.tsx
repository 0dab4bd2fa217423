// Screen 5, Batch and impact: an order book (the CSV of `stratex check --batch`) decided on
// each line's own date, on one date, or on two dates compared line by line; a summary
// chart, the table, and the result as CSV.  Long books go in chunks, with progress and a
// cancel button.
import { useEffect, useRef, useState } from 'preact/hooks';
import { post, type BatchResult, type Decision, type Shipment } from '../api';
import { parseCsv, toCsv } from '../csv';
import { isDate } from '../dates';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/en';
import { DecisionBadge, ErrorBox, Field } from '../ui';
import { Chart, BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const CHUNK = 200; // lines per request (the server takes up to 1000)
const DECISIONS = ['not_controlled', 'licence_required', 'prohibited', 'review', 'indeterminate'];

type Mode = 'own' | 'date' | 'compare';

export interface Line {
  shipment: Shipment;
  value: number | null;
  a?: BatchResult;
  b?: BatchResult;
}

const SAMPLE = `id,from,to,item,date,end_use,hs,party,value,currency
PO-0701,JP,KR,1C350.d.15,2019-07-03,civil,2811.11,,120000,USD
PO-0704,JP,KR,3A001,2019-08-27,civil,8542.31,,45000,USD
PO-0705,JP,KR,not-listed,2019-08-27,civil,8486.20,,30000,USD
PO-0902,KR,JP,3C002,2019-09-17,civil,,,80000,USD
PO-0903,JP,KR,3C002,2019-07-03,civil,,,64000,USD
PO-2301,JP,CN,1C350.d.15,2019-07-03,civil,2811.11,,20000,USD
`;

export function shipmentsFromCsv(text: string): Line[] {
  const { header, rows } = parseCsv(text);
  for (const need of ['id', 'from', 'to', 'item', 'date'])
    if (!header.includes(need))
      throw new Error(
        `missing column "${need}" (the columns of stratex check --batch: id,from,to,item,date[,end_use,hs,party,value,currency,answers])`,
      );
  return rows.map((r) => {
    const s: Shipment = { id: r.id, from: r.from, to: r.to, item: r.item, date: r.date };
    if (r.end_use) s.end_use = r.end_use;
    if (r.hs) s.hs = r.hs;
    if (r.party)
      s.parties = r.party
        .split(';')
        .map((p) => p.trim())
        .filter(Boolean);
    if (r.value) s.value = r.value;
    if (r.currency) s.currency = r.currency;
    if (r.answers) {
      s.answers = {};
      for (const kv of r.answers.split(';')) {
        const [k, v] = kv.split('=');
        if (k && (v === 'yes' || v === 'no')) s.answers[k.trim()] = v;
      }
    }
    const value = r.value ? Number(r.value) : null;
    return { shipment: s, value: value !== null && Number.isFinite(value) ? value : null };
  });
}

const isDecision = (r?: BatchResult): r is Decision => !!r && 'decision' in r;
const options = (r?: BatchResult) => (isDecision(r) ? (r.options ?? []).map((o) => o.licence) : []);
/* The longest review among the open options: what the line now waits, at most. */
export const reviewDays = (r?: BatchResult) => (isDecision(r) ? Math.max(0, ...(r.options ?? []).map((o) => o.review_days ?? 0)) : 0);
/* The shortest review among the open options: what the line waits at least. */
const minReview = (r?: BatchResult) => {
  if (!isDecision(r) || !r.options?.length) return 0;
  return Math.min(...r.options.map((o) => o.review_days ?? 0));
};
export const changed = (l: Line) =>
  isDecision(l.a) && isDecision(l.b) && (l.a.decision !== l.b.decision || options(l.a).join(';') !== options(l.b).join(';'));

export function BatchScreen(props: { dateA?: string; dateB?: string }) {
  const { t, num } = useI18n();
  const [lines, setLines] = useState<Line[] | null>(null);
  const [fileName, setFileName] = useState('');
  const [mode, setMode] = useState<Mode>('compare');
  const [dateA, setDateA] = useState(props.dateA && isDate(props.dateA) ? props.dateA : '2019-08-27');
  const [dateB, setDateB] = useState(props.dateB && isDate(props.dateB) ? props.dateB : '2019-08-28');
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [ran, setRan] = useState<Mode | null>(null);
  const abort = useRef<AbortController | null>(null);

  function load(text: string, name: string) {
    setError(null);
    setRan(null);
    try {
      setLines(shipmentsFromCsv(text));
      setFileName(name);
    } catch (e) {
      setLines(null);
      setError(e);
    }
  }

  async function decide(list: Line[], date: string | null, signal: AbortSignal, which: 'a' | 'b', offset: number, total: number) {
    for (let i = 0; i < list.length; i += CHUNK) {
      if (signal.aborted) throw new DOMException('cancelled', 'AbortError');
      const chunk = list.slice(i, i + CHUNK);
      const shipments = chunk.map((l) => (date ? { ...l.shipment, date } : l.shipment));
      const res = await post<{ results: BatchResult[] }>('/v1/check/batch', { shipments }, signal);
      res.results.forEach((r, j) => (chunk[j][which] = r));
      setProgress({ done: offset + i + chunk.length, total });
    }
  }

  async function run(e: Event) {
    e.preventDefault();
    if (!lines) return;
    const ctl = new AbortController();
    abort.current = ctl;
    setError(null);
    const work = lines.map((l) => ({ shipment: l.shipment, value: l.value }));
    const total = mode === 'compare' ? work.length * 2 : work.length;
    setProgress({ done: 0, total });
    try {
      await decide(work, mode === 'own' ? null : dateA, ctl.signal, 'a', 0, total);
      if (mode === 'compare') await decide(work, dateB, ctl.signal, 'b', work.length, total);
      setLines(work);
      setRan(mode);
    } catch (err) {
      setError((err as Error).name === 'AbortError' ? new Error(t('batch.cancelled')) : err);
    } finally {
      setProgress(null);
      abort.current = null;
    }
  }

  const compare = ran === 'compare';
  const done = ran !== null && lines;

  function download() {
    if (!lines) return;
    const fmt = (r?: BatchResult) =>
      isDecision(r) ? r.decision : r ? `error: ${(r as { error?: { detail?: string } }).error?.detail ?? ''}` : '';
    const days = (r?: BatchResult) => (isDecision(r) ? (r.options ?? []).map((o) => o.review_days ?? '').join(';') : '');
    const csv = compare
      ? toCsv(
          [
            'id',
            'decision_a',
            'decision_b',
            'options_a',
            'options_b',
            'review_days_a',
            'review_days_b',
            'changed',
            'audit_id_a',
            'audit_id_b',
          ],
          lines.map((l) => [
            l.shipment.id,
            fmt(l.a),
            fmt(l.b),
            options(l.a).join(';'),
            options(l.b).join(';'),
            days(l.a),
            days(l.b),
            changed(l) ? 1 : 0,
            isDecision(l.a) ? l.a.audit_id : '',
            isDecision(l.b) ? l.b.audit_id : '',
          ]),
        )
      : toCsv(
          ['id', 'decision', 'options', 'review_days', 'citations', 'questions', 'audit_id'],
          lines.map((l) => [
            l.shipment.id,
            fmt(l.a),
            options(l.a).join(';'),
            days(l.a),
            isDecision(l.a) ? Object.keys(l.a.citations ?? {}).join(';') : '',
            isDecision(l.a) ? (l.a.questions ?? []).map((q) => q.id).join(';') : '',
            isDecision(l.a) ? l.a.audit_id : '',
          ]),
        );
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = (fileName.replace(/\.csv$/i, '') || 'orders') + (compare ? `-impact-${dateA}-${dateB}.csv` : '-decisions.csv');
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  return (
    <div class="stack">
      <section class="panel" aria-labelledby="batch-title">
        <h2 id="batch-title">{t('batch.title')}</h2>
        <form class="toolbar wrap" onSubmit={run}>
          <Field label={t('batch.file')} hint={t('batch.file.hint')}>
            <input
              type="file"
              accept=".csv,text/csv"
              name="orderbook"
              onChange={async (e) => {
                const f = (e.target as HTMLInputElement).files?.[0];
                if (f) load(await f.text(), f.name);
              }}
            />
          </Field>
          <button type="button" class="chip" onClick={() => load(SAMPLE, 'sample.csv')}>
            {t('batch.sample')}
          </button>
          <fieldset class="modes">
            <legend>{t('batch.mode')}</legend>
            {(['own', 'date', 'compare'] as Mode[]).map((m) => (
              <label class="check" key={m}>
                <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => setMode(m)} />
                {t(`batch.mode.${m}` as MessageKey)}
              </label>
            ))}
          </fieldset>
          {mode !== 'own' ? (
            <Field label={mode === 'compare' ? t('batch.date_a') : t('common.date')}>
              <input type="date" name="date-a" value={dateA} onInput={(e) => setDateA((e.target as HTMLInputElement).value)} required />
            </Field>
          ) : null}
          {mode === 'compare' ? (
            <Field label={t('batch.date_b')}>
              <input type="date" name="date-b" value={dateB} onInput={(e) => setDateB((e.target as HTMLInputElement).value)} required />
            </Field>
          ) : null}
          <button type="submit" class="primary" disabled={!lines || !!progress}>
            {t('batch.run')}
          </button>
        </form>
        {lines && !done ? <p class="muted">{t('batch.loaded', { n: num(lines.length), file: fileName })}</p> : null}
        {progress ? (
          <div class="progress-row">
            <progress max={progress.total} value={progress.done} aria-label={t('batch.progress')} />
            <span>
              {num(progress.done)} / {num(progress.total)}
            </span>
            <button type="button" onClick={() => abort.current?.abort()}>
              {t('common.cancel')}
            </button>
          </div>
        ) : null}
        <ErrorBox error={error} />
      </section>
      {done ? (
        <>
          <Summary lines={lines} compare={compare} dateA={ran === 'own' ? null : dateA} dateB={dateB} />
          <section class="panel" aria-labelledby="batch-table-title">
            <div class="panel-head">
              <h2 id="batch-table-title">{t('batch.table')}</h2>
              <button type="button" onClick={download} data-testid="download">
                {t('batch.download')}
              </button>
            </div>
            <ResultTable lines={lines} compare={compare} />
          </section>
        </>
      ) : null}
    </div>
  );
}

function Summary({ lines, compare, dateA, dateB }: { lines: Line[]; compare: boolean; dateA: string | null; dateB: string }) {
  const { t, num, date, locale } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  const count = (w: 'a' | 'b', d: string) => lines.filter((l) => isDecision(l[w]) && (l[w] as Decision).decision === d).length;
  const nChanged = lines.filter(changed).length;
  const addedDays = lines.reduce((s, l) => s + Math.max(0, minReview(l.b) - minReview(l.a)), 0);
  const value = lines.filter(changed).reduce((s, l) => s + (l.value ?? 0), 0);
  const errors = lines.filter((l) => (l.a && !isDecision(l.a)) || (l.b && !isDecision(l.b))).length;

  useEffect(() => {
    if (!canvas.current) return;
    const labels = DECISIONS.map((d) => t(`decision.${d}` as MessageKey));
    const datasets = [
      { label: dateA ? date(dateA) : t('batch.mode.own'), data: DECISIONS.map((d) => count('a', d)), backgroundColor: '#8aa4c8' },
    ];
    if (compare) datasets.push({ label: date(dateB), data: DECISIONS.map((d) => count('b', d)), backgroundColor: '#1f3a5f' });
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: { labels, datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        locale,
        plugins: { legend: { position: 'bottom' } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
    return () => chart.destroy();
  }, [lines, compare, locale]);

  return (
    <section class="panel" aria-labelledby="batch-summary-title">
      <h2 id="batch-summary-title">{t('batch.summary')}</h2>
      <div class="summary">
        <dl class="kpis" data-testid="kpis">
          <div>
            <dt>{t('batch.kpi.lines')}</dt>
            <dd>{num(lines.length)}</dd>
          </div>
          {compare ? (
            <>
              <div>
                <dt>{t('batch.kpi.changed')}</dt>
                <dd data-testid="kpi-changed">{num(nChanged)}</dd>
              </div>
              <div>
                <dt>{t('batch.kpi.days')}</dt>
                <dd>{t('common.days', { n: num(addedDays) })}</dd>
              </div>
              <div>
                <dt>{t('batch.kpi.value')}</dt>
                <dd>{num(value)}</dd>
              </div>
            </>
          ) : (
            DECISIONS.filter((d) => count('a', d)).map((d) => (
              <div key={d}>
                <dt>{t(`decision.${d}` as MessageKey)}</dt>
                <dd>{num(count('a', d))}</dd>
              </div>
            ))
          )}
          {errors ? (
            <div>
              <dt>{t('batch.kpi.errors')}</dt>
              <dd>{num(errors)}</dd>
            </div>
          ) : null}
        </dl>
        <div class="chart-box">
          <canvas ref={canvas} role="img" aria-label={t('batch.chart.label')} />
        </div>
      </div>
    </section>
  );
}

function Cell({ r }: { r?: BatchResult }) {
  const { licence } = useI18n();
  if (!r) return <td />;
  if (!isDecision(r)) return <td class="error-cell">{r.error?.detail ?? r.error?.title}</td>;
  return (
    <td>
      <DecisionBadge decision={r.decision} />
      <div class="sub">{(r.options ?? []).map((o) => licence(r.jurisdiction, o.licence)).join(', ')}</div>
    </td>
  );
}

function ResultTable({ lines, compare }: { lines: Line[]; compare: boolean }) {
  const { t, num, date } = useI18n();
  const [onlyChanged, setOnlyChanged] = useState(false);
  const shown = compare && onlyChanged ? lines.filter(changed) : lines;
  return (
    <>
      {compare ? (
        <label class="check">
          <input type="checkbox" checked={onlyChanged} onChange={(e) => setOnlyChanged((e.target as HTMLInputElement).checked)} />
          {t('batch.only_changed')}
        </label>
      ) : null}
      <div class="table-scroll">
        <table class="table dense" data-testid="batch-table">
          <thead>
            <tr>
              <th scope="col">{t('batch.col.id')}</th>
              <th scope="col">{t('batch.col.route')}</th>
              <th scope="col">{t('check.item')}</th>
              {compare ? null : <th scope="col">{t('common.date')}</th>}
              <th scope="col">{compare ? t('batch.date_a') : t('batch.col.decision')}</th>
              {compare ? <th scope="col">{t('batch.date_b')}</th> : null}
              <th scope="col" class="num">
                {t('check.review_days')}
              </th>
              <th scope="col" class="num">
                {t('check.value')}
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((l, i) => (
              <tr key={i} class={compare && changed(l) ? 'changed' : ''} data-changed={compare && changed(l) ? '1' : '0'}>
                <td class="nowrap">
                  <code>{l.shipment.id}</code>
                </td>
                <td class="nowrap">
                  {l.shipment.from} → {l.shipment.to}
                </td>
                <td>
                  <code>{l.shipment.item}</code>
                </td>
                {compare ? null : <td class="nowrap">{date(isDecision(l.a) ? l.a.date : l.shipment.date)}</td>}
                <Cell r={l.a} />
                {compare ? <Cell r={l.b} /> : null}
                <td class="num nowrap">{compare ? `${reviewDays(l.a) || '—'} → ${reviewDays(l.b) || '—'}` : reviewDays(l.a) || '—'}</td>
                <td class="num">{l.value === null ? '' : num(l.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
