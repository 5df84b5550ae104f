/** A list page's filters and page number kept in the URL's query, so a filtered list can be linked and reloaded. */
import { useSearchParams } from 'react-router';

/**
 * The URL's query (`params`), its 1-based `page` (`?page=`, 1 when absent or not a positive number) and
 * `set(changes)`: each key set to its value, or removed when null or `''`; any change but the page's own
 * starts again at page 1 (removes `page`).
 */
export function useUrlFilters(): {
  params: URLSearchParams;
  page: number;
  set: (changes: Record<string, string | null>) => void;
} {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };
  return { params, page, set };
}
