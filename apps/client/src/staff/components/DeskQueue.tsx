// The centre's desk (H5, ≥ 1024 px): the tab's cases as a dense, sortable table beside the open
// case, filters over list and counts, batch accept and dispatch-by-suggestion, and keyboard
// shortcuts listed on a help overlay. Phones keep the card list.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import { caseExport } from '@hotline/api-client';
import {
  can,
  channels,
  deadlineStates,
  type QueueFilters,
  type QueueItem,
  type QueueTab,
  type SessionUser,
} from '@hotline/core';
import { Button } from '@/components/nutui';
import { roleProps } from '@/lib/a11y';
import { rememberInUrl } from '@/platform/display';
import { staffText as t } from '@/locales/zh-CN.staff';
import { dayjs } from '@/lib/dayjs';
import { acceptAll, dispatchAllBySuggestion, type BatchResult } from '../lib/batch';
import { pressable } from '../lib/keyboard';
import { staffApi } from '../services/staffApi';
import { useDirectory, useQueue } from '../stores';
import { CaseView } from './CaseView';
import { Choices } from './Choices';
import { Countdown } from './Countdown';
import { ExportButtons } from './ExportButtons';
import { QueueTabs } from './QueueTabs';

const ALL = { value: '', label: t.desk.all };
const DEADLINE_ORDER: Record<string, number> = { overdue: 0, warning: 1, normal: 2 };

type SortKey = 'trackingNumber' | 'createdAt' | 'category' | 'township' | 'channel' | 'deadline' | 'status';
const COLUMNS: SortKey[] = ['trackingNumber', 'createdAt', 'category', 'township', 'channel', 'deadline', 'status'];

/** Keys typed into a field belong to the field, not to the shortcuts. */
function typing(target: EventTarget | null): boolean {
  const el = target as { tagName?: string; isContentEditable?: boolean } | null;
  return Boolean(el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName ?? '')));
}

export function DeskQueue({ user, tabs, openCase }: { user: SessionUser; tabs: QueueTab[]; openCase?: string }) {
  const { tab, counts, items, nextCursor, phase, open, more, filters, setFilters } = useQueue();
  const directory = useDirectory((s) => s.directory);
  const loadDirectory = useDirectory((s) => s.load);
  const shown: QueueTab | undefined = tab && tabs.includes(tab) ? tab : tabs[0];
  const [cursor, setCursor] = useState(0);
  const [openId, setOpenIdState] = useState<string | null>(openCase ?? null);
  // The open case stays in the address bar, so a reload or a shared link shows it again.
  const setOpenId = (id: string | null) => {
    setOpenIdState(id);
    rememberInUrl('open', id);
  };
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 } | null>(null);
  const [help, setHelp] = useState(false);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<{ verb: string; result: BatchResult } | null>(null);
  const [text, setText] = useState(filters.q ?? '');
  const search = useRef<HTMLElement | null>(null);

  useEffect(() => {
    void loadDirectory();
  }, [loadDirectory]);

  const townships = useMemo(() => (directory?.units ?? []).filter((u) => u.kind === 'township'), [directory]);
  const townshipName = (code: string | null) => townships.find((u) => u.areaCode === code)?.name ?? '';
  const categoryName = (code: string | null) => directory?.categories.find((c) => c.code === code)?.name ?? '';
  const topCategories = useMemo(() => (directory?.categories ?? []).filter((c) => !c.parentCode), [directory]);

  const rows = useMemo(() => {
    if (!sort) return items;
    const value = (item: QueueItem): string | number => {
      switch (sort.key) {
        case 'trackingNumber':
          return item.trackingNumber;
        case 'createdAt':
          return item.createdAt;
        case 'category':
          return categoryName(item.categoryCode);
        case 'township':
          return townshipName(item.townshipCode);
        case 'channel':
          return item.channel;
        case 'deadline':
          return `${DEADLINE_ORDER[item.deadlineState] ?? 3}${item.dueAt ?? '~'}`;
        case 'status':
          return item.status;
      }
    };
    return [...items].sort((a, b) => (value(a) < value(b) ? -sort.dir : value(a) > value(b) ? sort.dir : 0));
  }, [items, sort, directory]);

  const current = rows[Math.min(cursor, rows.length - 1)];
  const batchable = shown === 'to_accept' || shown === 'to_dispatch';
  const targets = (): string[] => (checked.size ? [...checked] : current ? [current.id] : []);

  async function runBatch(kind: 'accept' | 'dispatch', ids: string[]) {
    if (!ids.length || busy) return;
    setBusy(true);
    setReport(null);
    try {
      const result = kind === 'accept' ? await acceptAll(staffApi, ids) : await dispatchAllBySuggestion(staffApi, ids);
      setReport({ verb: kind === 'accept' ? t.desk.accepted : t.desk.dispatched, result });
      setChecked(new Set(result.failed.map((f) => f.id)));
      if (shown) await open(shown);
    } finally {
      setBusy(false);
    }
  }

  function applyFilters(next: QueueFilters) {
    setChecked(new Set());
    setCursor(0);
    void setFilters(next);
  }

  const allChecked = rows.length > 0 && rows.every((r) => checked.has(r.id));
  const toggleAll = () => setChecked(allChecked ? new Set() : new Set(rows.map((r) => r.id)));

  function toggle(id: string) {
    setChecked((old) => {
      const next = new Set(old);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  // The latest state for the one document listener.
  const keys = useRef<(event: KeyboardEvent) => void>(() => {});
  keys.current = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && help) return setHelp(false);
    if (typing(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    // A focused control (a tab, a row's checkbox) took this Enter or Space itself: no second action.
    if (event.defaultPrevented) return;
    const move = (by: number) => {
      event.preventDefault();
      setCursor((c) => Math.max(0, Math.min(rows.length - 1, c + by)));
    };
    switch (event.key) {
      case 'ArrowDown':
      case 'j':
        return move(1);
      case 'ArrowUp':
      case 'k':
        return move(-1);
      case 'Enter':
        if (current) setOpenId(current.id);
        return;
      case 'x':
        if (current) toggle(current.id);
        return;
      case 'a':
        if (shown === 'to_accept') void runBatch('accept', targets());
        return;
      case 'd':
        if (shown === 'to_dispatch') void runBatch('dispatch', targets());
        return;
      case '/':
        event.preventDefault();
        search.current?.querySelector?.('input')?.focus();
        return;
      case '?':
        setHelp((h) => !h);
        return;
    }
  };
  useEffect(() => {
    const listener = (event: KeyboardEvent) => keys.current(event);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);

  const cell = (content: React.ReactNode, key: string) => (
    <View ariaRole="cell" className={`desk-cell desk-cell--${key}`} key={key}>
      {content}
    </View>
  );

  return (
    <View className="desk" {...roleProps('main')}>
      <View className="desk-list" ariaRole="region" ariaLabel={t.menu.queue}>
        <QueueTabs
          tabs={tabs}
          shown={shown}
          counts={counts}
          onOpen={(name) => {
            setChecked(new Set());
            setCursor(0);
            void open(name);
          }}
        />
        <View className="desk-filters" ariaRole="search" ariaLabel={t.desk.filters}>
          <View className="desk-search" ref={search as never}>
            <Input
              className="desk-search__input"
              value={text}
              placeholder={t.desk.search}
              aria-label={t.desk.searchLabel}
              onInput={(e) => setText(e.detail.value)}
              onConfirm={() => applyFilters({ ...filters, q: text.trim() || undefined })}
            />
          </View>
          <View className="desk-filter">
            <Text className="desk-filter__label">{t.desk.township}</Text>
            <Choices
              compact
              label={t.desk.township}
              options={[ALL, ...townships.map((u) => ({ value: u.areaCode ?? '', label: u.name }))]}
              value={filters.townshipCode ?? ''}
              onChange={(v) => applyFilters({ ...filters, townshipCode: v || undefined })}
            />
          </View>
          <View className="desk-filter">
            <Text className="desk-filter__label">{t.desk.category}</Text>
            <Choices
              compact
              label={t.desk.category}
              options={[ALL, ...topCategories.map((c) => ({ value: c.code, label: c.name }))]}
              value={filters.categoryCode ?? ''}
              onChange={(v) => applyFilters({ ...filters, categoryCode: v || undefined })}
            />
          </View>
          <View className="desk-filter">
            <Text className="desk-filter__label">{t.desk.channel}</Text>
            <Choices
              compact
              label={t.desk.channel}
              options={[ALL, ...channels.map((c) => ({ value: c, label: t.desk.channels[c] ?? c }))]}
              value={filters.channel ?? ''}
              onChange={(v) => applyFilters({ ...filters, channel: (v || undefined) as QueueFilters['channel'] })}
            />
          </View>
          <View className="desk-filter">
            <Text className="desk-filter__label">{t.desk.deadline}</Text>
            <Choices
              compact
              label={t.desk.deadline}
              options={[ALL, ...deadlineStates.map((d) => ({ value: d, label: t.deadline[d] }))]}
              value={filters.deadlineState ?? ''}
              onChange={(v) =>
                applyFilters({ ...filters, deadlineState: (v || undefined) as QueueFilters['deadlineState'] })
              }
            />
          </View>
        </View>
        {shown && can(user.role, 'exports.cases') && (
          <ExportButtons
            label={t.exports.queue(t.tabs[shown] ?? shown)}
            request={(format) => caseExport(shown, filters, format)}
          />
        )}
        {batchable && checked.size > 0 && (
          <View className="desk-batch">
            <Text className="muted">{t.desk.selected(checked.size)}</Text>
            <Button
              size="small"
              type="primary"
              loading={busy}
              onClick={() => void runBatch(shown === 'to_accept' ? 'accept' : 'dispatch', [...checked])}
            >
              {shown === 'to_accept' ? t.desk.batchAccept(checked.size) : t.desk.batchDispatch(checked.size)}
            </Button>
          </View>
        )}
        {report && (
          <View className="desk-report" ariaRole="status">
            <Text>{t.desk.batchDone(report.verb, report.result.done.length, report.result.failed.length)}</Text>
            {report.result.failed.map((f) => (
              <Text key={f.id} className="staff-error">
                {`${items.find((i) => i.id === f.id)?.trackingNumber ?? f.id}：${
                  f.code === 'NO_SUGGESTION' ? t.desk.noSuggestion : f.code
                }`}
              </Text>
            ))}
          </View>
        )}
        {phase === 'failed' && <Text className="staff-error">{t.queue.loadFailed}</Text>}
        <View
          className="desk-table"
          ariaRole="table"
          ariaLabel={t.desk.table(shown ? (t.tabs[shown] ?? shown) : '', counts && shown ? counts[shown] : rows.length)}
        >
          <View ariaRole="row" className="desk-row desk-row--head">
            {batchable && (
              <View ariaRole="columnheader" className="desk-cell desk-cell--select">
                <View
                  ariaRole="checkbox"
                  ariaLabel={t.desk.selectAll}
                  aria-checked={allChecked}
                  className="desk-check"
                  onClick={toggleAll}
                  {...pressable(toggleAll)}
                >
                  <Text>{allChecked ? '☑' : '☐'}</Text>
                </View>
              </View>
            )}
            {COLUMNS.map((key) => {
              const sorted = sort?.key === key;
              const flip = () => setSort(sorted ? { key, dir: sort.dir === 1 ? -1 : 1 } : { key, dir: 1 });
              return (
                <View
                  key={key}
                  ariaRole="columnheader"
                  aria-sort={sorted ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}
                  className={`desk-cell desk-cell--${key} desk-sort`}
                  ariaLabel={t.desk.sortBy(t.desk.columns[key])}
                  onClick={flip}
                  {...pressable(flip)}
                >
                  <Text>{`${t.desk.columns[key]}${sorted ? (sort.dir === 1 ? ' ↑' : ' ↓') : ''}`}</Text>
                </View>
              );
            })}
          </View>
          {rows.map((item, index) => (
            <View
              key={item.id}
              ariaRole="row"
              aria-selected={item.id === openId}
              className={`desk-row staff-case${index === cursor ? ' desk-row--cursor' : ''}${item.id === openId ? ' desk-row--open' : ''}`}
              data-case={item.trackingNumber}
              onClick={() => {
                setCursor(index);
                setOpenId(item.id);
              }}
            >
              {batchable &&
                cell(
                  <View
                    ariaRole="checkbox"
                    ariaLabel={t.desk.selectRow(item.trackingNumber)}
                    aria-checked={checked.has(item.id)}
                    className="desk-check"
                    onClick={(e) => {
                      e.stopPropagation();
                      toggle(item.id);
                    }}
                    {...pressable(() => toggle(item.id))}
                  >
                    <Text>{checked.has(item.id) ? '☑' : '☐'}</Text>
                  </View>,
                  'select',
                )}
              {cell(
                <Text className="desk-link staff-case__number" {...pressable(() => setOpenId(item.id))}>
                  {item.trackingNumber}
                </Text>,
                'trackingNumber',
              )}
              {cell(<Text>{dayjs(item.createdAt).format('M-D HH:mm')}</Text>, 'createdAt')}
              {cell(<Text>{categoryName(item.categoryCode)}</Text>, 'category')}
              {cell(<Text>{townshipName(item.townshipCode)}</Text>, 'township')}
              {cell(<Text>{t.desk.channels[item.channel] ?? item.channel}</Text>, 'channel')}
              {cell(
                <Countdown deadline={{ step: item.step, warnAt: item.warnAt, dueAt: item.dueAt }} kind={item} />,
                'deadline',
              )}
              {cell(<Text>{t.status[item.status] ?? item.status}</Text>, 'status')}
            </View>
          ))}
        </View>
        {phase === 'ready' && rows.length === 0 && <Text className="muted">{t.queue.empty}</Text>}
        {nextCursor && (
          <View className="staff-more" onClick={() => void more()} {...pressable(() => void more())}>
            <Text>{t.queue.more}</Text>
          </View>
        )}
        <View className="desk-help-link" onClick={() => setHelp(true)} {...pressable(() => setHelp(true))}>
          <Text>{`${t.desk.help}（?）`}</Text>
        </View>
      </View>
      <View className="desk-detail" ariaRole="region" ariaLabel={t.detail.title}>
        {openId ? (
          <CaseView id={openId} user={user} layout="pane" onChanged={() => shown && void open(shown)} />
        ) : (
          <Text className="muted">{t.desk.pick}</Text>
        )}
      </View>
      {help && (
        <View className="desk-help" ariaRole="dialog" aria-modal ariaLabel={t.desk.help}>
          <Text className="staff-section">{t.desk.help}</Text>
          {t.desk.shortcuts.map(([key, what]) => (
            <View key={key} className="desk-help__row">
              <Text className="desk-help__key">{key}</Text>
              <Text>{what}</Text>
            </View>
          ))}
          <Button size="small" onClick={() => setHelp(false)}>
            {t.desk.helpClose}
          </Button>
        </View>
      )}
    </View>
  );
}
