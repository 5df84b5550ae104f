/** A value that follows another after it has held still for a while (live previews while one types). */
import { useEffect, useState } from 'react';

/** `value` as it was once it has not changed for `ms` milliseconds (the first render: `value` itself). */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}
