// The outside channels as configured (WeChat sign-in and subscription templates, the SMS gateway
// and its templates, the Web Push key), for the admin's integrations page. Read from the server's
// configuration, which is where they are set; each WeChat template field is checked against
// WeChat's keyword rules with a typical value, so a template that would fail (47003) or cut a
// message shows before anyone waits for a message that never comes.
import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type IntegrationsStatus } from '@hotline/core';
import type { Principal } from '../auth/tokens';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { fieldKind, fitField } from '../integrations/wechat/subscribe-fields';
import { bodyOf, notificationKinds } from '../notifications/messages.zh-CN';
import { parseTemplates, type TemplateFact } from '../notifications/templates';

/** Which facts each WeChat field kind can carry without being mangled. */
const FITTING_FACTS: Record<string, readonly TemplateFact[]> = {
  thing: ['title', 'body', 'description', 'status'],
  phrase: ['status'],
  character_string: ['trackingNumber'],
  time: ['at'],
  date: ['at'],
  name: ['title', 'status'],
};

const SAMPLES: Record<TemplateFact, string> = {
  trackingNumber: 'HL20261130-000123',
  title: '新工单待签收',
  body: bodyOf('HL20261130-000123', '府前路小区门口路灯连续三晚不亮，晚上出行不便'),
  status: '已派单',
  at: '2026-11-30T02:05:00.000Z',
  description: '府前路小区门口路灯连续三晚不亮，晚上出行不便',
};

const SMS_PURPOSES: Record<string, string> = {
  login_code: '登录验证码',
  case_update: '电话来件群众的进展通知',
  case_alert: '紧急工单提醒承办人',
};

@Injectable()
export class IntegrationsService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  status(principal: Principal): IntegrationsStatus {
    if (principal.role !== 'admin') throw new DomainError(ErrorCode.FORBIDDEN);
    const templates = parseTemplates(this.config.notifications.wechatTemplatesJson);
    const kinds = [...new Set([...notificationKinds('staff'), ...notificationKinds('resident')])];
    const smsIds = this.config.sms?.templateIds ?? {};
    return {
      wechat: {
        configured: !!(this.config.wechat.appId && this.config.wechat.appSecret),
        templates: [...templates].map(([kind, template]) => ({
          kind,
          templateId: template.templateId,
          fields: Object.entries(template.data).map(([keyword, fact]) => checkField(keyword, fact)),
        })),
        kindsWithoutTemplate: kinds.filter((k) => !templates.has(k)),
      },
      sms: {
        gateway: this.config.sms ? 'tencent' : 'log',
        templates: [...new Set([...Object.keys(SMS_PURPOSES), ...Object.keys(smsIds)])].map((key) => ({
          key,
          templateId: smsIds[key] ?? null,
          purpose: SMS_PURPOSES[key] ?? key,
        })),
      },
      webPush: { vapidPublicKey: this.config.notifications.vapid.publicKey },
    };
  }
}

function checkField(
  keyword: string,
  fact: TemplateFact,
): IntegrationsStatus['wechat']['templates'][number]['fields'][number] {
  const rule = fieldKind(keyword);
  const sample = fitField(keyword, SAMPLES[fact]);
  const fitting = FITTING_FACTS[rule];
  let problem: string | null = null;
  if (!fitting) problem = `微信没有“${rule}”类字段，发送会失败`;
  else if (!fitting.includes(fact)) problem = `“${rule}”类字段不适合填“${fact}”：发出的内容会被改写为“${sample}”`;
  else if (sample !== SAMPLES[fact] && rule !== 'time' && rule !== 'date')
    problem = `超过字段长度，发送时会截断为“${sample}”`;
  return { keyword, rule, fact, sample, ok: problem === null, problem };
}
