// The category tree, loaded once per app start and searched on the device.
import { create } from 'zustand';
import type { CategoryNode, CategoryQuestion } from '@hotline/core';
import type { ApiClient } from '@hotline/api-client';
import { api } from '@/services/api';

export interface Leaf {
  code: string;
  name: string;
  /** The names above it, for search and display ("城乡建设 › 市政公用设施"). */
  path: string;
  defaultDemandType: CategoryNode['defaultDemandType'];
  /** What the category asks of whoever files under it. */
  questions: CategoryQuestion[];
}

export interface CatalogueStore {
  phase: 'idle' | 'loading' | 'ready' | 'failed';
  roots: CategoryNode[];
  leaves: Leaf[];
  load(): Promise<void>;
}

export const leafOf = (node: CategoryNode, path: string): Leaf => ({
  code: node.code,
  name: node.name,
  path,
  defaultDemandType: node.defaultDemandType,
  questions: node.questions,
});

function leavesOf(nodes: CategoryNode[], path: string[] = []): Leaf[] {
  return nodes.flatMap((node) =>
    node.leaf
      ? [leafOf(node, path.join(' › '))]
      : leavesOf(node.children, [...path, node.name]),
  );
}

/** Leaves whose name or path holds every character group the resident typed. */
export function searchLeaves(leaves: Leaf[], query: string): Leaf[] {
  const words = query.trim().split(/\s+/).filter(Boolean);
  if (!words.length) return [];
  return leaves.filter((leaf) =>
    words.every((w) => leaf.name.includes(w) || leaf.path.includes(w) || leaf.code.startsWith(w)),
  );
}

export function createCatalogueStore(client: Pick<ApiClient, 'categories'>) {
  return create<CatalogueStore>()((set, get) => ({
    phase: 'idle',
    roots: [],
    leaves: [],
    async load() {
      if (get().phase === 'loading' || get().phase === 'ready') return;
      set({ phase: 'loading' });
      try {
        const { items } = await client.categories();
        set({ phase: 'ready', roots: items, leaves: leavesOf(items) });
      } catch {
        set({ phase: 'failed' });
      }
    },
  }));
}

export const useCatalogue = createCatalogueStore(api);
