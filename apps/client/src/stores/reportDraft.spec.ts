import { storage } from '@/platform';
import { createReportDraftStore, hasContent } from './reportDraft';

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

  it('should keep photo references and the located point across a restart, and report that there is something to offer back', () => {
    const first = createReportDraftStore(storage, keys());
    expect(hasContent(first.getState())).toBe(false);
    first.getState().edit({
      photos: [{ id: '11111111-1111-4111-8111-111111111111', thumbUrl: '/api/media/1?variant=thumb' }],
      location: { lat: 30.5, lng: 114.9, coordinateSystem: 'wgs84', accuracyM: 20 },
      anonymous: true,
    });
    const restarted = createReportDraftStore(storage, keys());
    expect(restarted.getState()).toMatchObject({
      photos: [{ id: '11111111-1111-4111-8111-111111111111' }],
      location: { lat: 30.5, coordinateSystem: 'wgs84' },
      anonymous: true,
      idempotencyKey: first.getState().idempotencyKey,
    });
    expect(hasContent(restarted.getState())).toBe(true);
  });
});
