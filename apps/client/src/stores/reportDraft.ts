// The demand being written, kept on the device so a crash or a lost answer does not lose it.
// Its Idempotency-Key stays the same while the content does: resending an unchanged draft
// (after a timeout, say) can never file it twice; any edit makes it a new request.
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { AnswerValue, FileCaseRequest } from '@hotline/core';
import { storage, type KeyValueStorage } from '@/platform';

export const DRAFT_KEY = 'hotline.reportDraft';

export type DemandType = FileCaseRequest['demandType'];

/** A photo the server already holds: only its id is filed; the thumbnail is for the screen. */
export interface DraftPhoto {
  id: string;
  thumbUrl: string;
}

export interface DraftLocation {
  lat: number;
  lng: number;
  coordinateSystem: 'gcj02' | 'wgs84';
  accuracyM: number | null;
}

export interface ReportDraft {
  demandType: DemandType;
  categoryCode: string;
  categoryName: string;
  /** Answers to the category's questions by question code; a new category starts them afresh. */
  answers: Record<string, AnswerValue>;
  description: string;
  photos: DraftPhoto[];
  location: DraftLocation | null;
  address: string;
  anonymous: boolean;
  /** Agrees to publication as a typical case once closed, after moderation. */
  publishConsent: boolean;
  idempotencyKey: string;
}

/** True when the resident wrote or attached anything worth offering back. */
export function hasContent(draft: Pick<ReportDraft, 'categoryCode' | 'description' | 'photos' | 'address'>): boolean {
  return Boolean(draft.categoryCode || draft.description.trim() || draft.photos.length || draft.address.trim());
}

export interface ReportDraftStore extends ReportDraft {
  edit(change: Partial<Omit<ReportDraft, 'idempotencyKey'>>): void;
  /** After the case was filed: start an empty draft with a new key. */
  clear(): void;
}

function randomKey(): string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  return `${Date.now().toString(36)}-${hex(24)}`;
}

const empty = (): ReportDraft => ({
  demandType: 'help',
  categoryCode: '',
  categoryName: '',
  answers: {},
  description: '',
  photos: [],
  location: null,
  address: '',
  anonymous: false,
  publishConsent: false,
  idempotencyKey: randomKey(),
});

export function createReportDraftStore(store: KeyValueStorage, newKey: () => string = randomKey) {
  return create<ReportDraftStore>()(
    persist(
      (set, get) => ({
        ...empty(),
        edit(change) {
          const current = get();
          const changed = (Object.keys(change) as (keyof typeof change)[]).some((k) => change[k] !== current[k]);
          if (changed) set({ ...change, idempotencyKey: newKey() });
        },
        clear() {
          set({ ...empty(), idempotencyKey: newKey() });
        },
      }),
      {
        name: DRAFT_KEY,
        storage: createJSONStorage(() => ({
          getItem: (key) => store.get(key),
          setItem: (key, value) => store.set(key, value),
          removeItem: (key) => store.remove(key),
        })),
        partialize: ({ edit: _edit, clear: _clear, ...draft }) => draft,
      },
    ),
  );
}

export const useReportDraft = createReportDraftStore(storage);
