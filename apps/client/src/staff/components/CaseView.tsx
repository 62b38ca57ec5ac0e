// One case as staff see it: the demand, photos, location, the resident (masked, with a logged
// call), the countdown, the timeline with internal notes, and the actions allowed now. The case
// page shows it whole; the centre's desk shows it beside the queue table.
import { useCallback, useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { isApiError } from '@hotline/api-client';
import type { SessionUser, StaffCaseDetail } from '@hotline/core';
import { Button } from '@/components/nutui';
import { roleProps } from '@/lib/a11y';
import { dayjs } from '@/lib/dayjs';
import { staffText as t } from '@/locales/zh-CN.staff';
import { staffApi } from '../services/staffApi';
import { ActionPanel } from './ActionPanel';
import { CasePhotos } from './CasePhotos';
import { Countdown } from './Countdown';
import { LocationView } from '@/platform/location-view';

function eventNote(payload: Record<string, unknown>): string | null {
  for (const key of ['text', 'reason', 'note', 'question', 'comment']) {
    const value = payload[key];
    if (typeof value === 'string' && value) return value;
  }
  if (typeof payload.satisfaction === 'string') {
    return t.detail.rating(t.satisfaction[payload.satisfaction] ?? payload.satisfaction, payload.solved === true);
  }
  return null;
}

export interface CaseViewProps {
  id: string;
  user: SessionUser;
  /** 'pane': one column, beside the desk's queue table. */
  layout?: 'page' | 'pane';
  /** After an action succeeded: the desk refreshes its table. */
  onChanged?: () => void;
}

export function CaseView({ id, user, layout = 'page', onChanged }: CaseViewProps) {
  const [detail, setDetail] = useState<StaffCaseDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [phone, setPhone] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setDetail(await staffApi.staffCase(id));
      setError(null);
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    }
  }, [id]);

  useEffect(() => {
    setDetail(null);
    setPhone(null);
    if (id) void load();
  }, [id, load]);

  async function call() {
    try {
      const revealed = await staffApi.revealPhone(id);
      if (!revealed.phone) return;
      setPhone(revealed.phone);
      await Taro.makePhoneCall({ phoneNumber: revealed.phone }).catch(() => {});
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    }
  }

  if (!detail) {
    return (
      <View
        className={layout === 'page' ? 'page staff' : 'staff-pane'}
        {...(layout === 'page' ? roleProps('main') : {})}
      >
        <Text className={error ? 'staff-error' : 'muted'}>{error ?? '…'}</Text>
      </View>
    );
  }
  const lastRating = [...detail.timeline].reverse().find((e) => e.type === 'rate');

  return (
    <View
      className={layout === 'page' ? 'page staff staff-columns' : 'staff-pane'}
      {...(layout === 'page' ? roleProps('main') : {})}
    >
      <View className="staff-column">
        <View className="card">
          <View className="staff-case__head">
            <Text className="staff-case__number">{detail.trackingNumber}</Text>
            <Text className="staff-case__status" data-status={detail.status}>
              {t.status[detail.status] ?? detail.status}
            </Text>
          </View>
          {detail.deadline && (
            <Countdown
              deadline={{
                step: detail.deadline.step,
                warnAt: detail.deadline.warnAt,
                dueAt: detail.deadline.dueAt,
                paused: detail.deadline.paused,
              }}
              kind={detail}
            />
          )}
          <Text className="staff-section">{t.detail.demand}</Text>
          <Text className="staff-text">{detail.description}</Text>
          {detail.answers.map((a) => (
            <View key={a.code} className="staff-answer" data-answer={a.code}>
              <Text className="muted">{`${a.label}：`}</Text>
              <Text>{a.display}</Text>
            </View>
          ))}
          <CasePhotos photos={detail.photos} />
          {lastRating && <Text className="muted">{eventNote(lastRating.payload)}</Text>}
        </View>
        <View className="card">
          <Text className="staff-section">{t.detail.location}</Text>
          {detail.location ? (
            <LocationView lat={detail.location.lat} lng={detail.location.lng} address={detail.address} />
          ) : (
            <Text className="muted">{detail.address ?? t.detail.noLocation}</Text>
          )}
        </View>
        <View className="card">
          <Text className="staff-section">{t.detail.contact}</Text>
          <Text>
            {detail.anonymous
              ? t.detail.anonymous
              : [detail.contactName, phone ?? detail.contactPhone].filter(Boolean).join(' ')}
          </Text>
          {phone && <Text className="muted">{t.detail.revealed(phone)}</Text>}
          {!detail.anonymous && detail.contactPhone && (
            <Button size="small" onClick={() => void call()}>
              {t.detail.call}
            </Button>
          )}
        </View>
      </View>
      <View className="staff-column">
        <ActionPanel
          detail={detail}
          user={user}
          onDone={() => {
            void load();
            onChanged?.();
          }}
        />
        {detail.status === 'closed' && (user.role === 'supervisor' || user.role === 'operator') && (
          <Button
            size="small"
            onClick={() => void Taro.navigateTo({ url: `/staff/pages/disclosure/index?caseId=${detail.id}` })}
          >
            {t.disclosure.open}
          </Button>
        )}
        {error && <Text className="staff-error">{error}</Text>}
        <View className="card staff-timeline">
          <Text className="staff-section">{t.detail.timeline}</Text>
          {detail.timeline.map((event) => {
            const note = eventNote(event.payload);
            return (
              <View key={event.seq} className="staff-event" data-event={event.type}>
                <View className="staff-event__head">
                  <Text className="staff-event__type">{t.events[event.type] ?? event.type}</Text>
                  {event.visibility === 'internal' && <Text className="staff-flag">{t.detail.internal}</Text>}
                  <Text className="muted">{dayjs(event.at).format('M月D日 HH:mm')}</Text>
                </View>
                <Text className="muted">
                  {[event.actor.unitName, event.actor.displayName].filter(Boolean).join(' · ')}
                </Text>
                {note && <Text className="staff-event__note">{note}</Text>}
              </View>
            );
          })}
        </View>
      </View>
    </View>
  );
}
