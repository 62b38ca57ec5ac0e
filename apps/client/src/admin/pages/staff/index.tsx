// Staff: accounts by name or username, each with role, unit, masked work phone and last sign-in;
// change the role or unit, disable (their sessions end at once), or register someone new with the
// work phone they will sign in with.
import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import {
  createUserRequestSchema,
  staffRoles,
  updateUserRequestSchema,
  type AdminUnit,
  type AdminUser,
} from '@hotline/core';
import { Button } from '@/components/nutui/button';
import { adminText as t } from '@/locales/zh-CN.admin';
import { AdminShell, useIsAdmin } from '../../components/AdminShell';
import { Choices } from '../../components/Choices';
import { ConfirmButton } from '../../components/ConfirmButton';
import { FormEnd, TextField } from '../../components/Field';
import { check, refusalOf, type FieldErrors } from '../../lib/forms';
import { pressable } from '../../lib/keyboard';
import { useLoad } from '../../lib/useLoad';
import { useVersionedSave } from '../../lib/useVersionedSave';
import { adminApi } from '../../services/adminApi';

const roleChoices = staffRoles.map((r) => ({ value: r, label: t.roles[r] ?? r }));
const unitChoices = (units: AdminUnit[]) =>
  units.filter((u) => u.active).map((u) => ({ value: u.id, label: `${u.name}（${u.code}）` }));

const when = (iso: string | null) =>
  iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : t.staff.never;

/** A staff member's role and unit, with the refusals beside each. */
function RoleAndUnit(props: {
  units: AdminUnit[];
  role: string;
  setRole(role: string): void;
  unitId: string | null;
  setUnitId(unitId: string | null): void;
  errors: FieldErrors;
}) {
  const { units, role, setRole, unitId, setUnitId, errors } = props;
  return (
    <>
      <Text className="admin-label">{t.staff.role}</Text>
      <Choices label={t.staff.role} options={roleChoices} value={role} onChange={setRole} />
      {errors.role && <Text className="admin-error">{errors.role}</Text>}
      <Text className="admin-label">{t.staff.unit}</Text>
      <Choices
        label={t.staff.unit}
        options={unitChoices(units)}
        value={unitId}
        onChange={setUnitId}
        filter={{ placeholder: t.staff.unitFilter }}
      />
      {errors.unitId && <Text className="admin-error">{errors.unitId}</Text>}
    </>
  );
}

function EditUser({
  user,
  units,
  onSaved,
}: {
  user: AdminUser;
  units: AdminUnit[];
  onSaved(next: AdminUser | null): void;
}) {
  const [role, setRole] = useState<string>(user.role);
  const [unitId, setUnitId] = useState<string | null>(user.unitId);
  const { errors, setErrors, conflict, submit } = useVersionedSave();

  async function send(body: object) {
    const checked = check(updateUserRequestSchema, { ...body, expectedVersion: user.version });
    if (!checked.ok) return setErrors(checked.errors);
    await submit(
      () => adminApi.updateUser(user.id, checked.data),
      onSaved,
      () => onSaved(null),
    );
  }

  const changes = { ...(role !== user.role ? { role } : {}), ...(unitId !== user.unitId ? { unitId } : {}) };
  return (
    <View className="card" key={`${user.id}:${user.version}`}>
      <Text className="admin-title">{user.name}</Text>
      <Text className="admin-muted">
        {user.username} · {user.phone ?? t.common.none} · {t.staff.lastSignIn} {when(user.lastSignInAt)}
      </Text>
      {conflict && <Text className="admin-conflict">{t.common.conflict}</Text>}
      <RoleAndUnit units={units} role={role} setRole={setRole} unitId={unitId} setUnitId={setUnitId} errors={errors} />
      <Text className="admin-note">{t.staff.disableNote}</Text>
      {(errors.form ?? errors.disabled) && <Text className="admin-error">{errors.form ?? errors.disabled}</Text>}
      <View className="admin-actions">
        <Button type="primary" onClick={() => void send(changes)}>
          {t.common.save}
        </Button>
        {user.disabled ? (
          <Button onClick={() => void send({ disabled: false })}>{t.staff.enable}</Button>
        ) : (
          <ConfirmButton label={t.staff.disable} onConfirm={() => void send({ disabled: true })} />
        )}
      </View>
    </View>
  );
}

function NewUser({ units, onCreated }: { units: AdminUnit[]; onCreated(user: AdminUser): void }) {
  const [username, setUsername] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<string>('handler');
  const [unitId, setUnitId] = useState<string | null>(null);
  const [phone, setPhone] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState<string | null>(null);

  async function submit() {
    const checked = check(createUserRequestSchema, {
      username,
      name,
      role,
      unitId: unitId ?? '',
      ...(phone ? { phone } : {}),
    });
    if (!checked.ok) return setErrors(checked.errors);
    try {
      const created = await adminApi.createUser(checked.data);
      setErrors({});
      setDone(t.staff.created(created.name));
      setUsername('');
      setName('');
      setPhone('');
      onCreated(created);
    } catch (e) {
      setDone(null);
      setErrors(refusalOf(e).fields);
    }
  }

  return (
    <View className="card">
      <Text className="admin-title">{t.staff.newUser}</Text>
      <TextField label={t.staff.username} value={username} onChange={setUsername} error={errors.username} />
      <TextField label={t.staff.name} value={name} onChange={setName} error={errors.name} />
      <RoleAndUnit units={units} role={role} setRole={setRole} unitId={unitId} setUnitId={setUnitId} errors={errors} />
      <TextField label={t.staff.phone} value={phone} onChange={setPhone} error={errors.phone} type="number" />
      <FormEnd error={errors.form} ok={done} label={t.common.create} onSubmit={() => void submit()} />
    </View>
  );
}

export default function AdminStaffPage() {
  const isAdmin = useIsAdmin();
  const [q, setQ] = useState('');
  const users = useLoad(isAdmin, () => adminApi.users({ q }));
  const units = useLoad(isAdmin, () => adminApi.units());
  const [picked, setPicked] = useState<string | null>(null);
  const list = users.data ?? [];
  const unitList = units.data ?? [];
  const user = list.find((u) => u.id === picked) ?? null;
  const unitName = (id: string | null) => unitList.find((u) => u.id === id)?.name ?? t.common.none;

  function replace(next: AdminUser) {
    users.setData(
      list.some((u) => u.id === next.id) ? list.map((u) => (u.id === next.id ? next : u)) : [next, ...list],
    );
  }

  return (
    <AdminShell section="staff">
      <View className="admin-panes">
        <View className="admin-pane card">
          <Text className="admin-title">{t.staff.list}</Text>
          <View className="admin-actions">
            <TextField label={t.common.search} value={q} onChange={setQ} placeholder={t.staff.searchPlaceholder} />
            <Button onClick={() => void users.reload()}>{t.common.search}</Button>
          </View>
          {users.error && <Text className="admin-error">{users.error}</Text>}
          {users.data && list.length === 0 && <Text className="admin-muted">{t.staff.empty}</Text>}
          <View className="admin-table" ariaRole="listbox" ariaLabel={t.staff.list}>
            {list.map((u) => (
              <View
                key={u.id}
                className={`admin-table__row admin-row${u.id === picked ? ' admin-row--on' : ''}${u.disabled ? ' admin-row--off' : ''}`}
                data-user={u.username ?? u.id}
                aria-selected={u.id === picked}
                onClick={() => setPicked(u.id)}
                {...pressable(() => setPicked(u.id), 'option')}
              >
                <Text className="admin-table__cell">{u.name}</Text>
                <Text className="admin-table__cell">{u.username}</Text>
                <Text className="admin-table__cell">{t.roles[u.role] ?? u.role}</Text>
                <Text className="admin-table__cell">{unitName(u.unitId)}</Text>
                <Text className="admin-table__cell">{u.phone ?? t.common.none}</Text>
                <Text className="admin-table__cell">{when(u.lastSignInAt)}</Text>
                <Text className="admin-table__cell">{u.disabled ? t.staff.disabled : t.staff.active}</Text>
              </View>
            ))}
          </View>
        </View>
        <View className="admin-pane admin-pane--narrow">
          {user ? (
            <EditUser user={user} units={unitList} onSaved={(next) => (next ? replace(next) : void users.reload())} />
          ) : (
            <Text className="admin-note">{t.staff.pick}</Text>
          )}
          <NewUser units={unitList} onCreated={replace} />
        </View>
      </View>
    </AdminShell>
  );
}
