// Reading the dispatch catalogue (派单目录): which area a point lies in, and which units the
// catalogue names for a category there, the most specific area first. The staff case page and
// the admin's "what would happen" tester both answer from here, so they never disagree.
import type { DispatchSuggestions } from './schemas/workflow';
import type { UnitKind } from './vocabulary';

/** An area whose boundary holds a point: a township, or a village with its township. */
export interface HoldingArea {
  code: string;
  kind: 'township' | 'village';
  parentCode: string | null;
}

/** Where a point is, from the areas whose boundaries hold it: a village wins over the township around it. */
export function placeOf(holding: readonly HoldingArea[]): { townshipCode: string | null; villageCode: string | null } {
  const village = holding.find((a) => a.kind === 'village');
  if (village) return { townshipCode: village.parentCode, villageCode: village.code };
  return { townshipCode: holding.find((a) => a.kind === 'township')?.code ?? null, villageCode: null };
}

export interface CatalogueEntry {
  /** Null: county-wide. */
  areaCode: string | null;
  role: 'lead' | 'assist';
  unit: { unitId: string; code: string; name: string; kind: UnitKind };
}

export const PUSH_DOWN_EXPLANATION = '该事项属于县直部门职责，按派单目录不得下派至乡镇（街道）或村（社区）';

export function catalogueSuggestions(input: {
  categoryCode: string | null;
  duty: 'county' | 'township' | null;
  townshipCode: string | null;
  villageCode: string | null;
  entries: readonly CatalogueEntry[];
}): DispatchSuggestions {
  const scopes = [
    { scope: 'village' as const, areaCode: input.villageCode },
    { scope: 'township' as const, areaCode: input.townshipCode },
    { scope: 'county' as const, areaCode: null },
  ];
  const suggestions = scopes
    .filter((s) => s.scope === 'county' || s.areaCode !== null)
    .map((s) => {
      const matching = input.entries.filter((e) => e.areaCode === s.areaCode);
      return {
        scope: s.scope,
        areaCode: s.areaCode,
        lead: matching.filter((e) => e.role === 'lead').map((e) => e.unit),
        assisting: matching.filter((e) => e.role === 'assist').map((e) => e.unit),
      };
    })
    .filter((s) => s.lead.length > 0 || s.assisting.length > 0);
  const pushDownForbidden = input.duty === 'county';
  return {
    categoryCode: input.categoryCode,
    duty: input.duty,
    pushDownForbidden,
    explanation: pushDownForbidden ? PUSH_DOWN_EXPLANATION : null,
    suggestions,
  };
}

/**
 * The dispatch the catalogue recommends: the most specific area that names a lead unit, with that
 * area's assisting units. Null when no area names a lead (the dispatcher chooses by hand).
 */
export function recommendedDispatch(
  suggestions: DispatchSuggestions,
): { leadUnitId: string; assistingUnitIds: string[] } | null {
  const best = suggestions.suggestions.find((s) => s.lead.length > 0);
  if (!best) return null;
  return { leadUnitId: best.lead[0]!.unitId, assistingUnitIds: best.assisting.map((u) => u.unitId) };
}
