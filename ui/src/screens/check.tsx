// Screen 1, Check: a shipment form with the decision beside it, as the memo reads.  The
// date is a control (a day back, a day on, and the answer follows); an indeterminate
// answer's questions are answered in place and the shipment is decided again.
import { useState } from 'preact/hooks';
import { post, type Decision, type Shipment } from '../api';
import { addDays, isDate } from '../dates';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/en';
import { CitationLink, DecisionBadge, ErrorBox, Field, StatusBadge } from '../ui';

const JURISDICTIONS = ['JP', 'KR', 'US', 'EU'];
const END_USES = ['civil', 'wmd', 'conventional', 'military', 'unknown'];

interface Form {
  from: string;
  to: string;
  item: string;
  hs: string;
  date: string;
  end_use: string;
  parties: string;
  value: string;
  currency: string;
}

/* The README's worked example: Japan's three-item measure took effect on 2019-07-04. */
const HF_CASE: Form = {
  from: 'JP',
  to: 'KR',
  item: '1C350.d.15',
  hs: '2811.11',
  date: '2019-07-03',
  end_use: 'civil',
  parties: '',
  value: '',
  currency: 'USD',
};

const EXAMPLES: { key: MessageKey; form: Form }[] = [
  { key: 'check.example.hf', form: HF_CASE },
  { key: 'check.example.krjp', form: { ...HF_CASE, from: 'KR', to: 'JP', item: '3C002', hs: '', date: '2019-09-18' } },
  { key: 'check.example.ask', form: { ...HF_CASE, item: '1C350', hs: '', date: '2019-07-10' } },
  { key: 'check.example.us', form: { ...HF_CASE, from: 'US', to: 'CN', item: '3B994', hs: '', date: '2026-08-01' } },
  { key: 'check.example.party', form: { ...HF_CASE, date: '2019-07-04', parties: 'Korea Mining Development Trading Corporation\n김정은' } },
];

function shipmentOf(f: Form, answers: Record<string, 'yes' | 'no'>): Shipment {
  const s: Shipment = { from: f.from, to: f.to.trim().toUpperCase(), item: f.item.trim(), date: f.date };
  if (f.end_use) s.end_use = f.end_use;
  if (f.hs.trim()) s.hs = f.hs.trim();
  const parties = f.parties
    .split(/\n|;/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parties.length) s.parties = parties;
  if (f.value.trim()) {
    s.value = f.value.trim();
    if (f.currency.trim()) s.currency = f.currency.trim().toUpperCase();
  }
  if (Object.keys(answers).length) s.answers = answers;
  return s;
}

export function CheckScreen() {
  const { t, country } = useI18n();
  const [form, setForm] = useState<Form>(HF_CASE);
  const [answers, setAnswers] = useState<Record<string, 'yes' | 'no'>>({});
  const [result, setResult] = useState<Decision | null>(null);
  const [previous, setPrevious] = useState<Decision | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function run(f: Form, a: Record<string, 'yes' | 'no'>) {
    setBusy(true);
    setError(null);
    try {
      const d = await post<Decision>('/v1/check', shipmentOf(f, a));
      setPrevious(result);
      setResult(d);
    } catch (e) {
      setError(e);
      setResult(null);
    } finally {
      setBusy(false);
    }
  }

  const set = (k: keyof Form) => (e: Event) => setForm({ ...form, [k]: (e.target as HTMLInputElement).value });

  function moveDate(days: number) {
    if (!isDate(form.date)) return;
    const f = { ...form, date: addDays(form.date, days) };
    setForm(f);
    void run(f, answers);
  }

  function example(f: Form) {
    setForm(f);
    setAnswers({});
    void run(f, {});
  }

  function answer(id: string, value: 'yes' | 'no') {
    // A sub-item, an end use or an HS code is answered by its field; the rest by answers.
    if (id.startsWith('item:') && value === 'yes') {
      const f = { ...form, item: id.slice(5) };
      setForm(f);
      void run(f, answers);
      return;
    }
    const a = { ...answers, [id]: value };
    setAnswers(a);
    void run(form, a);
  }

  return (
    <div class="split">
      <form
        class="panel form-panel"
        aria-labelledby="check-form-title"
        onSubmit={(e) => {
          e.preventDefault();
          void run(form, answers);
        }}
      >
        <h2 id="check-form-title">{t('check.form.title')}</h2>
        <div class="examples" role="group" aria-label={t('check.examples')}>
          {EXAMPLES.map((ex) => (
            <button type="button" class="chip" key={ex.key} data-example={ex.key} onClick={() => example(ex.form)}>
              {t(ex.key)}
            </button>
          ))}
        </div>
        <div class="grid2">
          <Field label={t('check.from')}>
            <select value={form.from} onChange={set('from')} name="from">
              {JURISDICTIONS.map((j) => (
                <option value={j} key={j}>
                  {j} — {country(j)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('check.to')} hint={t('check.to.hint')}>
            <input name="to" value={form.to} onInput={set('to')} required maxLength={2} pattern="[A-Za-z]{2}" autocomplete="off" />
          </Field>
          <Field label={t('check.item')} hint={t('check.item.hint')}>
            <input name="item" value={form.item} onInput={set('item')} required autocomplete="off" />
          </Field>
          <Field label={t('check.hs')} hint={t('check.hs.hint')}>
            <input name="hs" value={form.hs} onInput={set('hs')} autocomplete="off" />
          </Field>
        </div>
        <div class="field">
          <label class="field-label" for="check-date">
            {t('check.date')}
          </label>
          <div class="date-control">
            <button type="button" onClick={() => moveDate(-1)} aria-label={t('check.date.prev')} data-testid="date-prev">
              ◀ −1
            </button>
            <input
              id="check-date"
              name="date"
              type="date"
              value={form.date}
              required
              onChange={(e) => {
                // The date is a control: once there is an answer, a new date decides again.
                const f = { ...form, date: (e.target as HTMLInputElement).value };
                setForm(f);
                if (result && isDate(f.date)) void run(f, answers);
              }}
            />
            <button type="button" onClick={() => moveDate(1)} aria-label={t('check.date.next')} data-testid="date-next">
              +1 ▶
            </button>
          </div>
        </div>
        <div class="grid2">
          <Field label={t('check.end_use')}>
            <select name="end_use" value={form.end_use} onChange={set('end_use')}>
              <option value="">{t('check.end_use.none')}</option>
              {END_USES.map((u) => (
                <option value={u} key={u}>
                  {t(`end_use.${u}` as MessageKey)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('check.value')}>
            <span class="inline">
              <input name="value" value={form.value} onInput={set('value')} inputMode="decimal" autocomplete="off" />
              <input
                name="currency"
                value={form.currency}
                onInput={set('currency')}
                maxLength={3}
                class="w4"
                aria-label={t('check.currency')}
              />
            </span>
          </Field>
        </div>
        <Field label={t('check.parties')} hint={t('check.parties.hint')}>
          <textarea name="parties" rows={2} value={form.parties} onInput={set('parties')} />
        </Field>
        {Object.keys(answers).length ? (
          <p class="muted">
            {t('check.answers')}:{' '}
            {Object.entries(answers)
              .map(([k, v]) => `${k}=${v}`)
              .join(', ')}{' '}
            <button type="button" class="link" onClick={() => setAnswers({})}>
              {t('check.answers.clear')}
            </button>
          </p>
        ) : null}
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            {busy ? t('common.working') : t('check.submit')}
          </button>
        </div>
      </form>
      <section class="panel result-panel" aria-live="polite" aria-labelledby="check-result-title" aria-busy={busy}>
        <h2 id="check-result-title">{t('check.result.title')}</h2>
        <ErrorBox error={error} />
        {result ? (
          <DecisionView d={result} previous={previous} onAnswer={answer} />
        ) : !error ? (
          <p class="muted">{t('check.result.empty')}</p>
        ) : null}
      </section>
    </div>
  );
}

/* What moving the date did: the same shipment on another day, compared with the last answer. */
function DateChange({ d, previous }: { d: Decision; previous: Decision | null }) {
  const { t, date, licence } = useI18n();
  if (
    !previous ||
    previous.date === d.date ||
    previous.item?.input !== d.item?.input ||
    previous.destination?.country !== d.destination?.country ||
    previous.jurisdiction !== d.jurisdiction
  )
    return null;
  const before = new Set((previous.options ?? []).map((o) => o.licence));
  const now = new Set((d.options ?? []).map((o) => o.licence));
  const closed = [...before].filter((l) => !now.has(l)).map((l) => licence(d.jurisdiction, l));
  const opened = [...now].filter((l) => !before.has(l)).map((l) => licence(d.jurisdiction, l));
  const same = previous.decision === d.decision && !closed.length && !opened.length;
  return (
    <div class={`date-change ${same ? '' : 'changed'}`} role="status" data-testid="date-change">
      <strong>{t('check.since', { date: date(previous.date) })}</strong> {same ? t('check.since.same') : null}
      {previous.decision !== d.decision ? (
        <span>
          {t('check.since.decision', {
            before: t(`decision.${previous.decision}` as MessageKey),
            now: t(`decision.${d.decision}` as MessageKey),
          })}{' '}
        </span>
      ) : null}
      {closed.length ? <span>{t('check.since.closed', { list: closed.join(', ') })} </span> : null}
      {opened.length ? <span>{t('check.since.opened', { list: opened.join(', ') })}</span> : null}
    </div>
  );
}

export function DecisionView({
  d,
  previous,
  onAnswer,
}: {
  d: Decision;
  previous: Decision | null;
  onAnswer?: (id: string, v: 'yes' | 'no') => void;
}) {
  const { t, date, country, licence, num } = useI18n();
  const cites = d.citations ?? {};
  const cite = (ids?: string[]) => (ids ?? []).map((id) => <CitationLink key={id} id={id} citation={cites[id]} />);
  return (
    <div class="decision-view" data-testid="decision">
      <DateChange d={d} previous={previous} />
      <div class="decision-head">
        <DecisionBadge decision={d.decision} />
        <span class="route">
          {d.jurisdiction} → {d.destination?.country} ({country(d.destination?.country)}) · <code>{d.item?.input}</code> ·{' '}
          <time dateTime={d.date} data-testid="decision-date">
            {date(d.date)}
          </time>
        </span>
      </div>
      <dl class="facts">
        {d.destination?.groups?.length ? (
          <>
            <dt>{t('check.groups')}</dt>
            <dd>{d.destination.groups.join(', ')}</dd>
          </>
        ) : null}
        {d.item?.entries?.length ? (
          <>
            <dt>{t('check.entries')}</dt>
            <dd>{d.item.entries.join(', ')}</dd>
          </>
        ) : null}
        {d.audit_id ? (
          <>
            <dt>{t('check.audit_id')}</dt>
            <dd>
              <a href={`#/audit/${d.audit_id}`}>{num(d.audit_id)}</a>
            </dd>
          </>
        ) : null}
      </dl>

      {d.questions?.length ? (
        <section class="questions" aria-labelledby="q-title">
          <h3 id="q-title">{t('check.questions')}</h3>
          {d.decision === 'indeterminate' && d.otherwise ? (
            <p class="muted">{t('check.otherwise', { decision: t(`decision.${d.otherwise}` as MessageKey) })}</p>
          ) : null}
          <ul>
            {d.questions.map((q) => (
              <li key={q.id} data-question={q.id}>
                <p>{q.text}</p>
                <p class="q-meta">
                  <code>{q.id}</code> {cite(q.citations)}
                </p>
                {onAnswer ? (
                  <div class="inline">
                    <button type="button" onClick={() => onAnswer(q.id, 'yes')}>
                      {t('common.yes')}
                    </button>
                    <button type="button" onClick={() => onAnswer(q.id, 'no')}>
                      {t('common.no')}
                    </button>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <h3>{t('check.open')}</h3>
      {d.options?.length ? (
        <table class="table" data-testid="open-options">
          <thead>
            <tr>
              <th scope="col">{t('check.licence')}</th>
              <th scope="col" class="num">
                {t('check.review_days')}
              </th>
              <th scope="col">{t('check.documents')}</th>
              <th scope="col">{t('check.citations')}</th>
            </tr>
          </thead>
          <tbody>
            {d.options.map((o) => (
              <tr key={o.licence} data-licence={o.licence}>
                <td>
                  <strong>{licence(d.jurisdiction, o.licence)}</strong>
                  <div class="sub">
                    <code>{o.licence}</code>
                  </div>
                  {o.conditions ? <div class="sub">{o.conditions}</div> : null}
                </td>
                <td class="num nowrap">
                  {o.review_days === null || o.review_days === undefined ? '—' : t('common.days', { n: num(o.review_days) })}
                </td>
                <td>
                  {o.documents?.length ? (
                    <ul class="compact">
                      {o.documents.map((doc) => (
                        <li key={doc}>{doc}</li>
                      ))}
                    </ul>
                  ) : (
                    '—'
                  )}
                </td>
                <td>{cite(o.citations)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">{t('check.none')}</p>
      )}

      {d.closed?.length ? (
        <>
          <h3>{t('check.closed')}</h3>
          <table class="table" data-testid="closed-options">
            <thead>
              <tr>
                <th scope="col">{t('check.licence')}</th>
                <th scope="col">{t('check.reason')}</th>
                <th scope="col">{t('check.citations')}</th>
              </tr>
            </thead>
            <tbody>
              {d.closed.map((o) => (
                <tr key={o.licence} data-licence={o.licence}>
                  <td>
                    <strong>{licence(d.jurisdiction, o.licence)}</strong>
                    <div class="sub">
                      <code>{o.licence}</code>
                    </div>
                  </td>
                  <td>{o.reason}</td>
                  <td>{cite(o.citations)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}

      {d.screening?.length ? (
        <>
          <h3>{t('check.screening')}</h3>
          <table class="table dense" data-testid="screening">
            <thead>
              <tr>
                <th scope="col">{t('check.parties')}</th>
                <th scope="col">{t('check.screening.list')}</th>
                <th scope="col">{t('check.screening.name')}</th>
                <th scope="col" class="num">
                  {t('review.score')}
                </th>
              </tr>
            </thead>
            <tbody>
              {d.screening.flatMap((s) =>
                !s.results.length ? (
                  <tr key={`${s.party}-none`} data-testid="screening-clear">
                    <td>{s.party}</td>
                    <td colSpan={3} class="muted">
                      {t('check.screening.none')}
                    </td>
                  </tr>
                ) : s.results.map((r, i) => (
                  <tr key={`${s.party}-${r.list}-${r.entity_id}`}>
                    <td>{i === 0 ? s.party : ''}</td>
                    <td class="nowrap">
                      <span class="list-name">{r.list}</span> <code class="sub">{r.entity_id}</code>
                    </td>
                    <td>{r.matched_name}</td>
                    <td class="num">{num(r.score, 2)}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </>
      ) : null}

      {d.reasoning?.length ? (
        <>
          <h3>{t('check.reasoning')}</h3>
          <ol class="steps">
            {d.reasoning.map((r, i) => (
              <li key={i}>
                <span>{r.text}</span> {r.citation ? <CitationLink id={r.citation} citation={cites[r.citation]} /> : null}
              </li>
            ))}
          </ol>
        </>
      ) : null}

      {d.caveats?.length ? (
        <>
          <h3>{t('check.caveats')}</h3>
          <ul class="caveats">
            {d.caveats.map((c, i) => (
              <li key={i}>{c}</li>
            ))}
          </ul>
        </>
      ) : null}

      {Object.keys(cites).length ? (
        <details class="sources">
          <summary>{t('check.sources', { n: Object.keys(cites).length })}</summary>
          <table class="table">
            <tbody>
              {Object.entries(cites).map(([id, c]) => (
                <tr key={id}>
                  <td>
                    <CitationLink id={id} citation={c} />
                  </td>
                  <td>
                    {c.title}
                    {c.article ? `, ${c.article}` : ''}
                  </td>
                  <td class="nowrap">
                    {c.from ? date(c.from) : ''} – {c.to ? date(c.to) : ''}
                  </td>
                  <td>
                    <StatusBadge status={c.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </div>
  );
}
