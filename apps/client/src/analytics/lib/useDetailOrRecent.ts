// The loader of the matter pages (spike, repeat, bulletin): with an `id` in the route, that one
// matter; without, the list of recent ones. Loads once the staff session is known.
import { useEffect, useRef, useState } from 'react';
import { useRouter } from '@tarojs/taro';
import { isApiError } from '@hotline/api-client';

export function useDetailOrRecent<D, L>(
  user: unknown,
  loadDetail: (id: number) => Promise<D>,
  loadRecent: () => Promise<L>,
) {
  const id = Number(useRouter().params.id ?? 0);
  const [detail, setDetail] = useState<D | null>(null);
  const [recent, setRecent] = useState<L | null>(null);
  const [error, setError] = useState<string | null>(null);
  const loaders = useRef({ loadDetail, loadRecent });
  loaders.current = { loadDetail, loadRecent };

  useEffect(() => {
    if (!user) return;
    const load = id > 0 ? loaders.current.loadDetail(id).then(setDetail) : loaders.current.loadRecent().then(setRecent);
    load.catch((e: unknown) => setError(isApiError(e) ? e.message : String(e)));
  }, [user, id]);

  return { detail, recent, error, setError };
}
