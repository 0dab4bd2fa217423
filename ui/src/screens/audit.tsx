// Screen 6, Audit and lists: look up a record, verify the hash chain, replay a decision
// with today's engine and see whether it agrees; the restricted-party list versions.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, get, type AuditRecord, type ListVersion, type Replay, type VerifyReport } from '../api';
import { useI18n } from '../i18n';
import { can } from '../api';
import { DecisionBadge, ErrorBox, Field, useSession } from '../ui';

export function AuditScreen({ id }: { id?: string }) {
  const { t, num, dateTime } = useI18n();
  const [query, setQuery] = useState(id ?? '1');
  const [record, setRecord] = useState<AuditRecord | null>(null);
  const [replay, setReplay] = useState<Replay | null>(null);
  const [verify, setVerify] = useState<VerifyReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [verifyError, setVerifyError] = useState<unknown>(null);
  const admin = can(useSession(), 'admin');

  async function lookup(n: string) {
    setError(null);
    setReplay(null);
    try {
      setRecord(await get<AuditRecord>(`/v1/audit/${encodeURIComponent(n.trim())}`));
    } catch (e) {
      setRecord(null);
      setError(e);
    }
  }

  useEffect(() => {
    if (id) {
      setQuery(id);
      void lookup(id);
    }
  }, [id]);

  const response = (record?.response ?? {}) as { decision?: string; results?: unknown[] };
  const request = record?.request as Record<string, unknown> | undefined;

  return (
    <div class="stack">
      <section class="panel" aria-labelledby="audit-title">
        <h2 id="audit-title">{t('audit.title')}</h2>
        <form
          class="toolbar"
          onSubmit={(e) => {
            e.preventDefault();
            void lookup(query);
          }}
        >
          <Field label={t('audit.id')}>
            <input
              name="audit-id"
              value={query}
              inputMode="numeric"
              onInput={(e) => setQuery((e.target as HTMLInputElement).value)}
              required
              class="w8"
            />
          </Field>
          <button type="submit" class="primary">
            {t('audit.lookup')}
          </button>
          {admin ? (
            <button
              type="button"
              onClick={async () => {
                setVerifyError(null);
                try {
                  setVerify(await get<VerifyReport>('/v1/audit/verify'));
                } catch (e) {
                  setVerify(null);
                  setVerifyError(e);
                }
              }}
            >
              {t('audit.verify')}
            </button>
          ) : (
            <span class="muted">{t('audit.verify.admin')}</span>
          )}
        </form>
        <ErrorBox error={verifyError} />
        {verify ? (
          <p class={`verdict ${verify.ok ? 'good' : 'bad'}`} role="status" data-testid="verify">
            {verify.ok
              ? t('audit.verify.ok', { n: num(verify.records), last: num(verify.last_id) })
              : t('audit.verify.bad', { id: String(verify.first_bad_id ?? '?'), problem: verify.problem ?? '' })}
            <code class="hash">{verify.head_hash}</code>
          </p>
        ) : null}
        <ErrorBox error={error} />
        {record ? (
          <div data-testid="audit-record">
            <dl class="facts wide">
              <dt>{t('audit.id')}</dt>
              <dd>{num(record.id)}</dd>
              <dt>{t('audit.kind')}</dt>
              <dd>{record.kind}</dd>
              <dt>{t('audit.created')}</dt>
              <dd>
                <time dateTime={record.created}>{dateTime(record.created)}</time>
              </dd>
              {response.decision ? (
                <>
                  <dt>{t('batch.col.decision')}</dt>
                  <dd>
                    <DecisionBadge decision={response.decision} />
                  </dd>
                </>
              ) : null}
              {request && typeof request === 'object' && 'from' in request ? (
                <>
                  <dt>{t('audit.shipment')}</dt>
                  <dd>
                    {String(request.from)} → {String(request.to)} · <code>{String(request.item)}</code> · {String(request.date)}
                  </dd>
                </>
              ) : null}
              <dt>{t('audit.engine')}</dt>
              <dd>{record.engine_version}</dd>
              <dt>{t('audit.hash')}</dt>
              <dd>
                <code class="hash">{record.hash}</code>
              </dd>
              <dt>{t('audit.prev_hash')}</dt>
              <dd>
                <code class="hash">{record.prev_hash}</code>
              </dd>
            </dl>
            <div class="actions">
              <button
                type="button"
                onClick={async () => {
                  setError(null);
                  try {
                    setReplay(await get<Replay>(`/v1/audit/${record.id}/replay`));
                  } catch (e) {
                    setError(e);
                  }
                }}
              >
                {t('audit.replay')}
              </button>
            </div>
            {replay ? (
              <p class={`verdict ${replay.identical ? 'good' : 'bad'}`} role="status" data-testid="replay">
                {replay.identical ? t('audit.replay.same') : t('audit.replay.differs')}{' '}
                <span class="muted">
                  {t('audit.replay.data', { same: replay.same_data ? t('common.yes') : t('common.no') })} ·{' '}
                  {t('audit.replay.engine', { recorded: replay.recorded_engine ?? '', now: replay.engine ?? '' })}
                </span>
                {replay.error ? <span> — {replay.error}</span> : null}
              </p>
            ) : null}
            <details>
              <summary>{t('audit.raw')}</summary>
              <pre class="json">
                {JSON.stringify({ request: record.request, response: record.response, data_hash: record.data_hash }, null, 2)}
              </pre>
            </details>
          </div>
        ) : null}
      </section>
      <ListVersions />
    </div>
  );
}

function ListVersions() {
  const { t, num, dateTime } = useI18n();
  const [data, setData] = useState<{ in_force: string; versions: ListVersion[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    get<{ in_force: string; versions: ListVersion[] }>('/v1/lists')
      .then(setData)
      .catch((e) => {
        if (e instanceof ApiError && e.status === 404) setMissing(true);
        else setError(e);
      });
  }, []);
  return (
    <section class="panel" aria-labelledby="lists-title">
      <h2 id="lists-title">{t('lists.title')}</h2>
      <ErrorBox error={error} />
      {missing ? <p class="muted">{t('lists.missing')}</p> : null}
      {data && !data.versions.length ? <p class="muted">{t('lists.none')}</p> : null}
      {data?.versions.length ? (
        <table class="table dense" data-testid="list-versions">
          <thead>
            <tr>
              <th scope="col">{t('lists.version')}</th>
              <th scope="col">{t('audit.created')}</th>
              <th scope="col">{t('lists.lists')}</th>
              <th scope="col" class="num">
                {t('lists.added')}
              </th>
              <th scope="col" class="num">
                {t('lists.removed')}
              </th>
              <th scope="col" class="num">
                {t('lists.changed')}
              </th>
            </tr>
          </thead>
          <tbody>
            {data.versions.map((v) => (
              <tr key={v.version} class={v.version === data.in_force ? 'current' : ''}>
                <td>
                  <code>{v.version.slice(0, 12)}</code>{' '}
                  {v.version === data.in_force ? <span class="status status-verified">{t('lists.in_force')}</span> : null}
                </td>
                <td class="nowrap">{dateTime(v.created)}</td>
                <td>{v.lists.map((l) => `${l.name} (${num(l.entities)})`).join(', ')}</td>
                <td class="num">{num(v.delta?.added ?? 0)}</td>
                <td class="num">{num(v.delta?.removed ?? 0)}</td>
                <td class="num">{num(v.delta?.changed ?? 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
