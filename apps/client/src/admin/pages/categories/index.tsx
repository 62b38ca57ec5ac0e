// Categories and the dispatch catalogue: the category tree; for a leaf, its duty, default demand
// type and nearby radius, its catalogue rules (area → lead and assisting units, the no-push-down
// rule said and enforced: a county matter offers only county departments), and a tester that
// answers which units a new case of this category at a point would be suggested to.
import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import {
  catalogueTrialQuerySchema,
  createCatalogueRuleRequestSchema,
  demandTypes,
  updateCategoryRequestSchema,
  type AdminArea,
  type AdminCategory,
  type AdminUnit,
  type CatalogueRule,
  type CatalogueTrialResponse,
} from '@hotline/core';
import { Button } from '@/components/nutui/button';
import { adminText as t } from '@/locales/zh-CN.admin';
import { AdminShell, useIsAdmin } from '../../components/AdminShell';
import { Choices } from '../../components/Choices';
import { QuestionsEditor } from '../../components/QuestionsEditor';
import { ConfirmButton } from '../../components/ConfirmButton';
import { FormEnd, TextField } from '../../components/Field';
import { check, refusalOf, type FieldErrors } from '../../lib/forms';
import { pressable } from '../../lib/keyboard';
import { useLoad } from '../../lib/useLoad';
import { useVersionedSave } from '../../lib/useVersionedSave';
import { adminApi } from '../../services/adminApi';

const COUNTY = 'county';

function EditCategory({ category, onSaved }: { category: AdminCategory; onSaved(next: AdminCategory | null): void }) {
  const [name, setName] = useState(category.name);
  const [duty, setDuty] = useState(category.duty);
  const [demandType, setDemandType] = useState(category.defaultDemandType);
  const [radius, setRadius] = useState(String(category.nearbyRadiusM));
  // Another category: start clean. A new version (this save, or the latest after a conflict): show it.
  const { errors, setErrors, conflict, saved, submit } = useVersionedSave(category.code);
  useEffect(() => {
    setName(category.name);
    setDuty(category.duty);
    setDemandType(category.defaultDemandType);
    setRadius(String(category.nearbyRadiusM));
  }, [category.code, category.version]);

  async function save() {
    const body = {
      ...(name !== category.name ? { name } : {}),
      ...(duty !== category.duty && duty ? { duty } : {}),
      ...(demandType !== category.defaultDemandType && demandType ? { defaultDemandType: demandType } : {}),
      ...(Number(radius) !== category.nearbyRadiusM ? { nearbyRadiusM: Number(radius) } : {}),
      expectedVersion: category.version,
    };
    const checked = check(updateCategoryRequestSchema, body);
    if (!checked.ok) return setErrors(checked.errors);
    await submit(
      () => adminApi.updateCategory(category.code, checked.data),
      onSaved,
      () => onSaved(null),
    );
  }

  return (
    <View className="card">
      <Text className="admin-title">
        {category.name} <Text className="admin-muted">{category.code}</Text>
      </Text>
      {conflict && <Text className="admin-conflict">{t.common.conflict}</Text>}
      <TextField label={t.categories.name} value={name} onChange={setName} error={errors.name} />
      <Text className="admin-label">{t.categories.duty}</Text>
      <Choices
        label={t.categories.duty}
        options={(['county', 'township'] as const).map((d) => ({ value: d, label: t.categories.duties[d] }))}
        value={duty}
        onChange={(d) => setDuty(d as AdminCategory['duty'])}
      />
      {errors.duty && <Text className="admin-error">{errors.duty}</Text>}
      <Text className="admin-label">{t.categories.demandType}</Text>
      <Choices
        label={t.categories.demandType}
        options={demandTypes.map((d) => ({ value: d, label: t.demandTypes[d] ?? d }))}
        value={demandType}
        onChange={(d) => setDemandType(d as AdminCategory['defaultDemandType'])}
      />
      <TextField
        label={t.categories.radius}
        value={radius}
        onChange={setRadius}
        type="number"
        error={errors.nearbyRadiusM}
      />
      <FormEnd error={errors.form} ok={saved && t.common.saved} label={t.common.save} onSubmit={() => void save()} />
    </View>
  );
}

function Catalogue({ category, units, areas }: { category: AdminCategory; units: AdminUnit[]; areas: AdminArea[] }) {
  const rules = useLoad(true, () => adminApi.catalogue(category.code));
  const [areaCode, setAreaCode] = useState<string>(COUNTY);
  const [unitId, setUnitId] = useState<string | null>(null);
  const [role, setRole] = useState<'lead' | 'assist'>('lead');
  const [errors, setErrors] = useState<FieldErrors>({});
  useEffect(() => {
    void rules.reload();
    setErrors({});
  }, [category.code]);

  const countyMatter = category.duty === 'county';
  // The no-push-down rule, enforced where the admin chooses: a county matter lists departments only.
  const allowed = units.filter((u) => u.active && u.kind !== 'centre' && (!countyMatter || u.kind === 'department'));
  const areaLabel = (code: string | null) =>
    code === null ? t.catalogue.countyWide : (areas.find((a) => a.code === code)?.name ?? code);

  async function add() {
    const checked = check(createCatalogueRuleRequestSchema, {
      categoryCode: category.code,
      areaCode: areaCode === COUNTY ? null : areaCode,
      unitId: unitId ?? '',
      role,
    });
    if (!checked.ok) return setErrors(checked.errors);
    try {
      await adminApi.addCatalogueRule(checked.data);
      setErrors({});
      void rules.reload();
    } catch (e) {
      setErrors(refusalOf(e).fields);
    }
  }

  async function remove(rule: CatalogueRule) {
    try {
      await adminApi.removeCatalogueRule(rule.id);
      void rules.reload();
    } catch (e) {
      setErrors(refusalOf(e).fields);
    }
  }

  return (
    <View className="card">
      <Text className="admin-title">{t.catalogue.title}</Text>
      <Text className="admin-note">{t.catalogue.pushDownRule}</Text>
      {rules.data && rules.data.length === 0 && <Text className="admin-muted">{t.catalogue.empty}</Text>}
      <View className="admin-table">
        {(rules.data ?? []).map((r) => (
          <View key={r.id} className="admin-table__row" data-rule={`${r.areaCode ?? COUNTY}:${r.unitCode}:${r.role}`}>
            <Text className="admin-table__cell">{areaLabel(r.areaCode)}</Text>
            <Text className="admin-table__cell">{r.unitName}</Text>
            <Text className="admin-table__cell">{t.catalogue[r.role]}</Text>
            <View className="admin-table__cell">
              <ConfirmButton label={t.catalogue.remove} onConfirm={() => void remove(r)} />
            </View>
          </View>
        ))}
      </View>
      <Text className="admin-title">{t.catalogue.add}</Text>
      <Text className="admin-label">{t.catalogue.area}</Text>
      <Choices
        label={t.catalogue.area}
        options={[
          { value: COUNTY, label: t.catalogue.countyWide },
          ...areas.map((a) => ({ value: a.code, label: `${a.name}（${t.kinds[a.kind]}）` })),
        ]}
        value={areaCode}
        onChange={setAreaCode}
        filter={{ placeholder: t.catalogue.areaFilter }}
      />
      {errors.areaCode && <Text className="admin-error">{errors.areaCode}</Text>}
      <Text className="admin-label">{t.catalogue.unit}</Text>
      {countyMatter && <Text className="admin-muted">{t.catalogue.pushDownApplies}</Text>}
      <Choices
        label={t.catalogue.unit}
        options={allowed.map((u) => ({ value: u.id, label: `${u.name}（${u.code}）` }))}
        value={unitId}
        onChange={setUnitId}
        filter={{ placeholder: t.catalogue.unitFilter }}
      />
      {errors.unitId && <Text className="admin-error">{errors.unitId}</Text>}
      <Text className="admin-label">{t.catalogue.role}</Text>
      <Choices
        label={t.catalogue.role}
        options={[
          { value: 'lead', label: t.catalogue.lead },
          { value: 'assist', label: t.catalogue.assist },
        ]}
        value={role}
        onChange={(r) => setRole(r as 'lead' | 'assist')}
      />
      {errors.form && <Text className="admin-error">{errors.form}</Text>}
      <Button type="primary" onClick={() => void add()}>
        {t.catalogue.add}
      </Button>
    </View>
  );
}

function Tester({ category }: { category: AdminCategory }) {
  const [lat, setLat] = useState('');
  const [lng, setLng] = useState('');
  const [result, setResult] = useState<CatalogueTrialResponse | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});

  async function run() {
    const checked = check(catalogueTrialQuerySchema, { categoryCode: category.code, lat, lng });
    if (!checked.ok || !lat || !lng) return setErrors(checked.ok ? { form: t.catalogue.testerHint } : checked.errors);
    try {
      setResult(await adminApi.tryCatalogue(checked.data));
      setErrors({});
    } catch (e) {
      setErrors(refusalOf(e).fields);
    }
  }

  return (
    <View className="card" ariaLabel={t.catalogue.tester}>
      <Text className="admin-title">{t.catalogue.tester}</Text>
      <Text className="admin-muted">{t.catalogue.testerHint}</Text>
      <TextField label={t.catalogue.lat} value={lat} onChange={setLat} type="digit" error={errors.lat} />
      <TextField label={t.catalogue.lng} value={lng} onChange={setLng} type="digit" error={errors.lng} />
      {errors.form && <Text className="admin-error">{errors.form}</Text>}
      <Button onClick={() => void run()}>{t.catalogue.run}</Button>
      {result && (
        <View className="admin-trial" {...{ 'aria-live': 'polite' }}>
          <Text className="admin-note">
            {t.catalogue.located(result.township?.name ?? null, result.village?.name ?? null)}
          </Text>
          {result.explanation && <Text className="admin-muted">{result.explanation}</Text>}
          {result.suggestions.length === 0 && <Text className="admin-muted">{t.catalogue.nothing}</Text>}
          {result.suggestions.map((s) => (
            <View key={s.scope} className="admin-row" data-scope={s.scope}>
              <Text className="admin-tag">{t.catalogue.scope[s.scope]}</Text>
              <Text className="admin-trial__lead">
                {t.catalogue.suggested}：{s.lead.map((u) => u.name).join('、') || t.common.none}
              </Text>
              {s.assisting.length > 0 && (
                <Text>
                  {t.catalogue.assisting}：{s.assisting.map((u) => u.name).join('、')}
                </Text>
              )}
            </View>
          ))}
        </View>
      )}
    </View>
  );
}

export default function AdminCategoriesPage() {
  const isAdmin = useIsAdmin();
  const categories = useLoad(isAdmin, () => adminApi.categories());
  const units = useLoad(isAdmin, () => adminApi.units());
  const areas = useLoad(isAdmin, () => adminApi.areas());
  const [filter, setFilter] = useState('');
  const [picked, setPicked] = useState<string | null>(null);
  const list = categories.data ?? [];
  const category = list.find((c) => c.code === picked) ?? null;
  const q = filter.trim();
  const shown = q ? list.filter((c) => c.name.includes(q) || c.code.startsWith(q)) : list;

  return (
    <AdminShell section="categories">
      {categories.error && <Text className="admin-error">{categories.error}</Text>}
      <View className="admin-panes">
        <View className="admin-pane admin-pane--narrow card">
          <Text className="admin-title">{t.categories.tree}</Text>
          <TextField label={t.common.search} value={filter} onChange={setFilter} placeholder={t.categories.filter} />
          <View ariaRole="listbox" ariaLabel={t.categories.tree}>
            {shown.map((c) => (
              <View
                key={c.code}
                className={`admin-row admin-row--depth-${Math.min(c.depth - 1, 2)}${c.code === picked ? ' admin-row--on' : ''}`}
                data-category={c.code}
                aria-selected={c.code === picked}
                onClick={() => setPicked(c.code)}
                {...pressable(() => setPicked(c.code), 'option')}
              >
                <Text className="admin-row__name">{c.name}</Text>
                <Text className="admin-muted">{c.code}</Text>
                {c.duty && <Text className="admin-tag">{t.categories.dutyTag[c.duty]}</Text>}
              </View>
            ))}
          </View>
        </View>
        <View className="admin-pane">
          {!category && <Text className="admin-note">{t.categories.pick}</Text>}
          {category && !category.isLeaf && <Text className="admin-note">{t.categories.branch}</Text>}
          {category?.isLeaf && (
            <>
              <EditCategory
                category={category}
                onSaved={(next) =>
                  next
                    ? categories.setData(list.map((c) => (c.code === next.code ? next : c)))
                    : void categories.reload()
                }
              />
              <QuestionsEditor
                categoryCode={category.code}
                version={category.version}
                onSaved={(version) =>
                  categories.setData(list.map((c) => (c.code === category.code ? { ...c, version } : c)))
                }
                onConflict={() => void categories.reload()}
              />
              <Catalogue category={category} units={units.data ?? []} areas={areas.data ?? []} />
              <Tester category={category} />
            </>
          )}
        </View>
      </View>
    </AdminShell>
  );
}
