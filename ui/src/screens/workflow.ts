// The workflow API shared by the worklist and match review: reason codes, dispositions.
import { useEffect, useState } from 'preact/hooks';
import { get, post, type Case, type Disposition, type Reason } from '../api';

let reasonsCache: Promise<Reason[]> | null = null;

export function useReasons(): Reason[] {
  const [reasons, setReasons] = useState<Reason[]>([]);
  useEffect(() => {
    reasonsCache ??= get<{ reasons: Reason[] }>('/v1/reasons')
      .then((r) => r.reasons)
      .catch(() => {
        reasonsCache = null;
        return DEFAULT_REASONS;
      });
    void reasonsCache.then(setReasons);
  }, []);
  return reasons;
}

/* PRODUCT.md's default codes, used until the server answers /v1/reasons. */
export const DEFAULT_REASONS: Reason[] = [
  { code: 'false-positive', action: 'clear', label: 'False positive' },
  { code: 'confirmed-match', action: 'confirm', label: 'Confirmed match' },
  { code: 'needs-legal', action: 'escalate', label: 'Needs legal review' },
  { code: 'licence-held', action: 'release', label: 'Licence held' },
];

export const firstReason = (reasons: Reason[], action: string) =>
  (reasons.find((r) => r.action === action) ?? DEFAULT_REASONS.find((r) => r.action === action))!.code;

export function dispose(id: number, d: Disposition) {
  return post<{ case: Case; record: number }>(`/v1/cases/${id}/dispositions`, d);
}
