// Units: the county's directory as a tree (county departments, then each township with its
// villages), a form for the chosen unit (name, phone, deactivate — refused while it has open
// cases), and a form for a new unit with its area: an existing one, or a boundary drawn now.
import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import {
  createUnitRequestSchema,
  updateUnitRequestSchema,
  type AdminArea,
  type AdminUnit,
  type CreateUnitRequest,
} from '@hotline/core';
import { Button } from '@/components/nutui/button';
import { adminText as t } from '@/locales/zh-CN.admin';
import { AdminShell, useIsAdmin } from '../../components/AdminShell';
import { Choices } from '../../components/Choices';
import { ConfirmButton } from '../../components/ConfirmButton';
import { FormEnd, TextField } from '../../components/Field';
import { check, errorAt, refusalOf, type FieldErrors } from '../../lib/forms';
import { pressable } from '../../lib/keyboard';
import { useLoad } from '../../lib/useLoad';
import { useVersionedSave } from '../../lib/useVersionedSave';
import { adminApi } from '../../services/adminApi';

type Kind = CreateUnitRequest['kind'];
type AreaMode = 'none' | 'existing' | 'new';

/** Departments first, then each township followed by its villages. */
function treeOf(units: AdminUnit[]): { unit: AdminUnit; depth: number }[] {
  const county = units.filter((u) => u.kind === 'centre' || u.kind === 'department');
  const rows = county.map((unit) => ({ unit, depth: 0 }));
  for (const town of units.filter((u) => u.kind === 'township')) {
    rows.push({ unit: town, depth: 0 });
    for (const village of units.filter((u) => u.kind === 'village' && u.parentId === town.id)) {
      rows.push({ unit: village, depth: 1 });
    }
  }
  return rows;
}

function UnitRow({
  unit,
  depth,
  on,
  areaName,
  pick,
}: {
  unit: AdminUnit;
  depth: number;
  on: boolean;
  areaName: string | null;
  pick(): void;
}) {
  return (
    <View
      className={`admin-row admin-row--depth-${depth}${on ? ' admin-row--on' : ''}${unit.active ? '' : ' admin-row--off'}`}
      data-unit={unit.code}
      aria-selected={on}
      onClick={pick}
      {...pressable(pick, 'option')}
    >
      <Text className="admin-row__name">{unit.name}</Text>
      <Text className="admin-tag">{t.kinds[unit.kind]}</Text>
      {areaName && <Text className="admin-tag">{areaName}</Text>}
      {unit.openCases > 0 && <Text className="admin-tag admin-tag--warn">{t.units.openCases(unit.openCases)}</Text>}
      {!unit.active && <Text className="admin-tag">{t.units.inactive}</Text>}
    </View>
  );
}

function EditUnit({ unit, onSaved }: { unit: AdminUnit; onSaved(next: AdminUnit | null): void }) {
  const [name, setName] = useState(unit.name);
  const [phone, setPhone] = useState(unit.phone ?? '');
  // Another unit: start clean. A new version (this save, or the latest after a conflict): show it.
  const { errors, setErrors, conflict, saved, submit } = useVersionedSave(unit.id);
  useEffect(() => {
    setName(unit.name);
    setPhone(unit.phone ?? '');
  }, [unit.id, unit.version]);

  async function send(body: object) {
    const checked = check(updateUnitRequestSchema, { ...body, expectedVersion: unit.version });
    if (!checked.ok) return setErrors(checked.errors);
    await submit(
      () => adminApi.updateUnit(unit.id, checked.data),
      onSaved,
      () => onSaved(null),
    );
  }

  const changes = {
    ...(name !== unit.name ? { name } : {}),
    ...(phone !== (unit.phone ?? '') ? { phone: phone.trim() ? phone : null } : {}),
  };
  return (
    <View className="card" ariaLabel={t.units.edit}>
      <Text className="admin-title">{unit.name}</Text>
      <Text className="admin-muted">
        {unit.code} · {t.kinds[unit.kind]}
      </Text>
      {conflict && <Text className="admin-conflict">{t.common.conflict}</Text>}
      <TextField label={t.units.name} value={name} onChange={setName} error={errors.name} />
      <TextField label={t.units.phone} value={phone} onChange={setPhone} error={errors.phone} />
      {errors.form && <Text className="admin-error">{errors.form}</Text>}
      {saved && <Text className="admin-ok">{t.common.saved}</Text>}
      <View className="admin-actions">
        <Button type="primary" onClick={() => void send(changes)}>
          {t.common.save}
        </Button>
        {unit.kind !== 'centre' &&
          (unit.active ? (
            <ConfirmButton label={t.units.deactivate} onConfirm={() => void send({ active: false })} />
          ) : (
            <Button onClick={() => void send({ active: true })}>{t.units.reactivate}</Button>
          ))}
      </View>
      {unit.active && unit.openCases > 0 && (
        <Text className="admin-muted">{t.units.deactivateBlocked(unit.openCases)}</Text>
      )}
      {errors.active && (
        <View ariaRole="alert">
          <Text className="admin-error">{errors.active}</Text>
        </View>
      )}
    </View>
  );
}

function NewUnit({
  units,
  areas,
  onCreated,
}: {
  units: AdminUnit[];
  areas: AdminArea[];
  onCreated(unit: AdminUnit): void;
}) {
  const [kind, setKind] = useState<Kind>('township');
  const [parentId, setParentId] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [areaMode, setAreaMode] = useState<AreaMode>('new');
  const [areaCode, setAreaCode] = useState<string | null>(null);
  const [newAreaCode, setNewAreaCode] = useState('');
  const [newAreaName, setNewAreaName] = useState('');
  const [boundary, setBoundary] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState<string | null>(null);

  const townships = units.filter((u) => u.kind === 'township' && u.active);
  const usedAreas = new Set(units.map((u) => u.areaCode));
  const freeAreas = areas.filter((a) => a.kind === kind && !usedAreas.has(a.code));

  async function submit() {
    let geometry: unknown;
    if (areaMode === 'new') {
      try {
        geometry = JSON.parse(boundary);
      } catch {
        return setErrors({ 'newArea.boundary': t.common.invalidJson });
      }
    }
    const request = {
      code,
      name,
      kind,
      ...(kind === 'village' && parentId ? { parentId } : {}),
      ...(phone.trim() ? { phone } : {}),
      ...(kind !== 'department' && areaMode === 'existing' && areaCode ? { areaCode } : {}),
      ...(kind !== 'department' && areaMode === 'new'
        ? { newArea: { code: newAreaCode, name: newAreaName || name, boundary: geometry } }
        : {}),
    };
    const checked = check(createUnitRequestSchema, request);
    if (!checked.ok) return setErrors(checked.errors);
    try {
      const created = await adminApi.createUnit(checked.data);
      setErrors({});
      setDone(t.units.created(created.name));
      setCode('');
      setName('');
      setPhone('');
      setNewAreaCode('');
      setNewAreaName('');
      setBoundary('');
      onCreated(created);
    } catch (e) {
      setDone(null);
      setErrors(refusalOf(e).fields);
    }
  }

  return (
    <View className="card" ariaLabel={t.units.newUnit}>
      <Text className="admin-title">{t.units.newUnit}</Text>
      <Text className="admin-label">{t.units.kind}</Text>
      <Choices
        label={t.units.kind}
        options={(['department', 'township', 'village'] as const).map((k) => ({ value: k, label: t.kinds[k] }))}
        value={kind}
        onChange={(k) => setKind(k as Kind)}
      />
      {kind === 'village' && (
        <>
          <Text className="admin-label">{t.units.parent}</Text>
          <Choices
            label={t.units.parent}
            options={townships.map((u) => ({ value: u.id, label: u.name }))}
            value={parentId}
            onChange={setParentId}
            filter={{ placeholder: t.staff.unitFilter }}
          />
          {errors.parentId && <Text className="admin-error">{errors.parentId}</Text>}
        </>
      )}
      <TextField label={t.units.code} value={code} onChange={setCode} error={errors.code} />
      <TextField label={t.units.name} value={name} onChange={setName} error={errors.name} />
      <TextField label={t.units.phone} value={phone} onChange={setPhone} error={errors.phone} />
      {kind !== 'department' && (
        <>
          <Text className="admin-label">{t.units.area}</Text>
          <Choices
            label={t.units.area}
            options={[
              { value: 'new', label: t.units.areaNew },
              { value: 'existing', label: t.units.areaExisting },
              { value: 'none', label: t.units.areaNone },
            ]}
            value={areaMode}
            onChange={(m) => setAreaMode(m as AreaMode)}
          />
          {areaMode === 'existing' && (
            <Choices
              label={t.units.areaExisting}
              options={freeAreas.map((a) => ({ value: a.code, label: `${a.name} ${a.code}` }))}
              value={areaCode}
              onChange={setAreaCode}
            />
          )}
          {errors.areaCode && <Text className="admin-error">{errors.areaCode}</Text>}
          {areaMode === 'new' && (
            <>
              <TextField
                label={t.units.areaCode}
                value={newAreaCode}
                onChange={setNewAreaCode}
                error={errors['newArea.code']}
              />
              <TextField label={t.units.areaName} value={newAreaName} onChange={setNewAreaName} placeholder={name} />
              <TextField
                label={t.units.boundary}
                value={boundary}
                onChange={setBoundary}
                multiline
                placeholder={t.units.boundaryHint}
                error={errorAt(errors, 'newArea.boundary') ?? errors.newArea}
              />
            </>
          )}
        </>
      )}
      <FormEnd error={errors.form} ok={done} label={t.common.create} onSubmit={() => void submit()} />
    </View>
  );
}

export default function AdminUnitsPage() {
  const isAdmin = useIsAdmin();
  const units = useLoad(isAdmin, () => adminApi.units());
  const areas = useLoad(isAdmin, () => adminApi.areas());
  const [picked, setPicked] = useState<string | null>(null);
  const list = units.data ?? [];
  const areaName = (code: string | null) => areas.data?.find((a) => a.code === code)?.name ?? null;
  const unit = list.find((u) => u.id === picked) ?? null;

  function replace(next: AdminUnit) {
    units.setData(
      list.some((u) => u.id === next.id) ? list.map((u) => (u.id === next.id ? next : u)) : [...list, next],
    );
  }

  return (
    <AdminShell section="units">
      {units.error && <Text className="admin-error">{units.error}</Text>}
      <View className="admin-panes">
        <View className="admin-pane admin-pane--narrow card" ariaRole="listbox" ariaLabel={t.units.tree}>
          <Text className="admin-title">{t.units.tree}</Text>
          {treeOf(list).map(({ unit: u, depth }) => (
            <UnitRow
              key={u.id}
              unit={u}
              depth={depth}
              on={u.id === picked}
              areaName={areaName(u.areaCode)}
              pick={() => setPicked(u.id)}
            />
          ))}
        </View>
        <View className="admin-pane">
          {unit ? (
            <EditUnit
              unit={unit}
              onSaved={(next) => {
                if (next) replace(next);
                else void units.reload();
              }}
            />
          ) : (
            <Text className="admin-note">{t.units.pick}</Text>
          )}
          <NewUnit
            units={list}
            areas={areas.data ?? []}
            onCreated={(created) => {
              replace(created);
              void areas.reload();
            }}
          />
        </View>
      </View>
    </AdminShell>
  );
}
