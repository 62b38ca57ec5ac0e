// Which WeChat subscription template each notification kind uses, from WECHAT_TEMPLATES:
//   { "accept":   { "templateId": "T1…",
//                   "data": { "character_string1": "trackingNumber", "thing2": "title", "phrase3": "status", "time4": "at" } },
//     "dispatch": { … }, … }
// Keys are notification kinds (case event types, or warning/overdue); `data` maps each template
// keyword to one fact: trackingNumber | title | body | status | at | description. Values are
// shortened to WeChat's keyword rules when sent. Kinds without a template go to other channels.
// The page a message opens is not configured: it is the recipient's case page (core `wechatPageFor`).
import { z } from 'zod';
import { ConfigError } from '../config/config-error';

const facts = ['trackingNumber', 'title', 'body', 'status', 'at', 'description'] as const;
export type TemplateFact = (typeof facts)[number];

const templateSchema = z.object({
  templateId: z.string().min(1).max(64),
  data: z.record(z.string().regex(/^[a-z_]+\d+$/), z.enum(facts)),
});
export type WechatTemplate = z.infer<typeof templateSchema>;

export function parseTemplates(json: string | null): Map<string, WechatTemplate> {
  if (!json) return new Map();
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new ConfigError(['WECHAT_TEMPLATES: is not valid JSON']);
  }
  const parsed = z.record(z.string(), templateSchema).safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `WECHAT_TEMPLATES.${i.path.join('.')}: ${i.message}`));
  }
  return new Map(Object.entries(parsed.data));
}

export function fillTemplate(template: WechatTemplate, page: string, values: Record<TemplateFact, string>) {
  return {
    templateId: template.templateId,
    page,
    data: Object.fromEntries(Object.entries(template.data).map(([keyword, fact]) => [keyword, values[fact]])),
  };
}
