// The /v1 API as the workbench uses it: a bearer token when the server asks for one
// (kept in sessionStorage, so it leaves with the tab), and RFC 9457 problems turned into
// ApiError with the server's own words.

const TOKEN_KEY = 'stratex.token';

export function getToken(): string {
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return '';
  }
}

export function setToken(token: string): void {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    /* storage refused (private mode): the token lives only in memory */
  }
}

export class ApiError extends Error {
  constructor(
    public status: number,
    public title: string,
    public detail: string,
    public type: string = 'about:blank',
  ) {
    super(detail ? `${title}: ${detail}` : title);
  }
}

export async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'Network error', (e as Error).message);
  }
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const p = (data ?? {}) as { title?: string; detail?: string; type?: string };
    throw new ApiError(res.status, p.title ?? res.statusText, p.detail ?? '', p.type);
  }
  return data as T;
}

export const get = <T>(path: string, signal?: AbortSignal) => api<T>('GET', path, undefined, signal);
export const post = <T>(path: string, body: unknown, signal?: AbortSignal) => api<T>('POST', path, body, signal);

/* ---- the shapes the screens read (data/openapi.json, PRODUCT.md) ---- */

export interface Citation {
  title?: string;
  article?: string;
  source?: string;
  status?: 'verified' | 'partial' | 'unverified';
  from?: string;
  to?: string;
  note?: string;
}

export interface Option {
  licence: string;
  name?: string;
  review_days?: number | null;
  documents?: string[];
  validity?: string;
  conditions?: string;
  citations?: string[];
}

export interface ClosedOption {
  licence: string;
  reason?: string;
  citations?: string[];
}

export interface Question {
  id: string;
  text: string;
  citations?: string[];
  if_yes?: string;
}

export interface Decision {
  audit_id?: number;
  id?: string;
  decision: 'not_controlled' | 'licence_required' | 'prohibited' | 'review' | 'indeterminate';
  jurisdiction: string;
  date: string;
  destination?: { country: string; name?: string; groups?: string[] };
  item?: { input: string; entries?: string[]; listed?: boolean };
  end_use?: string;
  options?: Option[];
  closed?: ClosedOption[];
  screening?: {
    party: string;
    results: { list: string; entity_id: string; entity_type?: string; matched_name: string; score: number }[];
  }[];
  questions?: Question[];
  otherwise?: string;
  reasoning?: { text: string; citation?: string }[];
  caveats?: string[];
  citations?: Record<string, Citation>;
  data_hash?: string;
}

export interface Shipment {
  id?: string;
  from: string;
  to: string;
  item: string;
  date: string;
  end_use?: string;
  hs?: string;
  parties?: string[];
  value?: string | number;
  currency?: string;
  answers?: Record<string, 'yes' | 'no'>;
}

export interface BatchItemError {
  index: number;
  id?: string;
  error: { title: string; detail?: string; status: number };
}

export type BatchResult = Decision | BatchItemError;

export interface Change {
  date: string;
  change: string;
  kind: string;
  id: string;
  status?: string;
  group?: string;
  country?: string;
  name?: string;
  rule_kind?: string;
  text?: string;
}

export interface GroupsOnDate {
  jurisdiction: string;
  date: string;
  groups: {
    group: string;
    name?: string;
    id?: string;
    status?: string;
    count?: number;
    members: { country: string; name?: string; id?: string; status?: string }[];
  }[];
}

export interface AuditRecord {
  id: number;
  created: string;
  kind: 'check' | 'screen' | string;
  request: unknown;
  response: unknown;
  engine_version: string;
  data_hash: unknown;
  prev_hash: string;
  hash: string;
}

export interface VerifyReport {
  ok: boolean;
  records: number;
  last_id: number;
  head_hash: string;
  first_bad_id: number | null;
  problem: string | null;
}

export interface Replay {
  id: number;
  kind: string;
  identical: boolean;
  same_data: boolean;
  same_engine: boolean;
  recorded_engine?: string;
  engine?: string;
  error?: string | null;
}

/* ---- the workflow API (parties, cases, dispositions, list versions) ---- */

export type CaseState = 'open' | 'escalated' | 'closed';

export interface Case {
  id: number;
  state: CaseState;
  kind: 'screen' | 'check' | 'unreached';
  party: string | null;
  line: string | null;
  list: string | null;
  entity_id: string | null;
  matched_name: string | null;
  score: number | null;
  decision: string | null;
  opened: string;
  updated: string;
  record: number;
  last_action: string | null;
  /* an order line's case: the line as it was checked */
  inputs?: { id?: string; from?: string; to?: string; item?: string; hs?: string; date?: string };
}

export interface EvidenceName {
  name: string;
  script?: string;
  kind?: string; /* primary, alias, ... */
}

export interface Evidence {
  query?: { names?: string[]; type?: string; country?: string };
  entity?: {
    list?: string;
    id?: string;
    type?: string;
    names?: EvidenceName[];
    programs?: string[];
    countries?: string[];
    identifiers?: unknown[];
    dob?: string[];
    source?: string | null;
    url?: string | null;
    issuer?: string | null;
    licence_requirement?: string | null;
    licence_policy?: string | null;
    notice?: string | null;
    content_hash?: string;
  };
  screened_name?: string;
  matched_name?: string;
  score?: number;
  explanation?: unknown[];
  caveats?: string[]; /* a party no screening reaches: why */
}

export interface CaseHistory {
  record: number;
  created: string;
  kind: 'case' | 'disposition';
  cause?: string;
  action?: string;
  reason?: string;
  note?: string;
  actor?: string;
  group?: string;
  licence?: string;
  valid_until?: string;
}

export interface CaseDetail extends Omit<Case, 'inputs'> {
  inputs?: unknown;
  answer?: unknown;
  evidence?: Evidence;
  data?: unknown;
  history?: CaseHistory[];
}

export interface Reason {
  code: string;
  action: string;
  label: string;
}

export interface Disposition {
  action: 'clear' | 'confirm' | 'escalate' | 'release';
  reason: string;
  note?: string;
  group?: string;
  licence?: string;
  valid_until?: string;
}

export interface ListVersion {
  version: string;
  created: string;
  lists: { name: string; hash: string; entities: number }[];
  delta?: { added: number; removed: number; changed: number };
}

/* ---- who the caller is (GET /v1/session) ---- */

export type Role = 'none' | 'screen' | 'review' | 'admin';

export interface Session {
  tokens: boolean;
  role: Role;
  name: string | null;
}

const RANK: Record<Role, number> = { none: 0, screen: 1, review: 2, admin: 3 };
/* Whether the session's role reaches the one an operation needs. */
export const can = (s: Session | null, need: Role) => !!s && RANK[s.role] >= RANK[need];
