// weapp: Taro.request cannot read a stream, so the counts are read on a timer while the page shows.
import { POLL_MS, type LiveSource } from './types';

export const openLive: LiveSource = (_token, handlers) => {
  handlers.onMode?.('polling');
  const timer = setInterval(() => handlers.onQueueChanged(), POLL_MS);
  return () => clearInterval(timer);
};
