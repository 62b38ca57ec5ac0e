import { catalogueSuggestions, recommendedDispatch, type CatalogueEntry } from './dispatch-catalogue';

const unit = (code: string, kind: 'township' | 'department' | 'village') => ({
  unitId: `u-${code}`,
  code,
  name: code,
  kind,
});
const entry = (
  areaCode: string | null,
  role: 'lead' | 'assist',
  code: string,
  kind: 'township' | 'department' | 'village',
): CatalogueEntry => ({
  areaCode,
  role,
  unit: unit(code, kind),
});

describe('the dispatch the catalogue recommends', () => {
  const read = (entries: CatalogueEntry[]) =>
    catalogueSuggestions({
      categoryCode: '010101',
      duty: 'township',
      townshipCode: 'T01',
      villageCode: 'T01V01',
      entries,
    });

  it('should send a case to the most specific area that names a lead, with that area’s assisting units', () => {
    const entries = [
      entry('T01V01', 'assist', 'T01V01', 'village'),
      entry('T01', 'lead', 'T01', 'township'),
      entry('T01', 'assist', 'D-CGJ', 'department'),
      entry(null, 'lead', 'D-ZJJ', 'department'),
    ];
    // the village only assists: its township's rule leads
    expect(recommendedDispatch(read(entries))).toEqual({ leadUnitId: 'u-T01', assistingUnitIds: ['u-D-CGJ'] });
  });

  it('should recommend nothing when no area names a lead unit', () => {
    expect(recommendedDispatch(read([entry('T01', 'assist', 'D-CGJ', 'department')]))).toBeNull();
    expect(recommendedDispatch(read([]))).toBeNull();
  });
});
