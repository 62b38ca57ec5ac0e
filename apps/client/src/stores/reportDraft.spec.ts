import { storage } from '@/platform';
import { createReportDraftStore } from './reportDraft';

function keys() {
  let n = 0;
  return () => `key-${++n}`;
}

describe('the report draft', () => {
  it('should keep the draft and its key on the device across a restart', () => {
    const first = createReportDraftStore(storage, keys());
    first.getState().edit({ description: '路灯不亮三天了' });
    const key = first.getState().idempotencyKey;

    const restarted = createReportDraftStore(storage, keys());
    expect(restarted.getState()).toMatchObject({ description: '路灯不亮三天了', idempotencyKey: key });
  });

  it('should keep the key while the content is unchanged and take a new one on any edit', () => {
    const store = createReportDraftStore(storage, keys());
    store.getState().edit({ categoryCode: '010101' });
    const key = store.getState().idempotencyKey;
    store.getState().edit({ categoryCode: '010101' });
    expect(store.getState().idempotencyKey).toBe(key);
    store.getState().edit({ demandType: 'complaint' });
    expect(store.getState().idempotencyKey).not.toBe(key);
  });

  it('should start an empty draft with a new key once filed', () => {
    const store = createReportDraftStore(storage, keys());
    store.getState().edit({ description: '路灯不亮三天了', categoryCode: '010101' });
    const key = store.getState().idempotencyKey;
    store.getState().clear();
    expect(store.getState()).toMatchObject({ description: '', categoryCode: '', demandType: 'help' });
    expect(store.getState().idempotencyKey).not.toBe(key);
  });
});
