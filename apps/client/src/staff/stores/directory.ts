// The units and categories staff pick from, loaded once per session and looked up by id or code.
import { create } from 'zustand';
import type { DirectoryCategory, DirectoryUnit, StaffDirectory } from '@hotline/core';
import type { StaffApiClient } from '@hotline/api-client';

export interface DirectoryState {
  directory: StaffDirectory | null;
  load(): Promise<StaffDirectory | null>;
}

export function createDirectoryStore(api: Pick<StaffApiClient, 'directory'>) {
  let pending: Promise<StaffDirectory | null> | null = null;
  return create<DirectoryState>()((set, get) => ({
    directory: null,
    load() {
      const loaded = get().directory;
      if (loaded) return Promise.resolve(loaded);
      pending ??= api
        .directory()
        .then((directory) => {
          set({ directory });
          return directory;
        })
        .catch(() => null)
        .finally(() => {
          pending = null;
        });
      return pending;
    },
  }));
}

export function unitName(directory: StaffDirectory | null, id: string | null): string | null {
  if (!id) return null;
  return directory?.units.find((u) => u.id === id)?.name ?? null;
}

/** The villages (communities) under a township unit: where it may forward a case. */
export function villagesOf(directory: StaffDirectory | null, townshipUnitId: string | null): DirectoryUnit[] {
  if (!directory || !townshipUnitId) return [];
  return directory.units.filter((u) => u.kind === 'village' && u.parentId === townshipUnitId);
}

export function townships(directory: StaffDirectory | null): DirectoryUnit[] {
  return directory?.units.filter((u) => u.kind === 'township') ?? [];
}

/** Leaf categories whose name or code contains the query, at most `limit`. */
export function searchCategories(directory: StaffDirectory | null, query: string, limit = 8): DirectoryCategory[] {
  const q = query.trim();
  if (!directory || !q) return [];
  return directory.categories.filter((c) => c.isLeaf && (c.name.includes(q) || c.code.startsWith(q))).slice(0, limit);
}
