import { adminText } from '../../../locales/zh-CN.admin';

export default definePageConfig({ navigationBarTitleText: `${adminText.title} · ${adminText.nav.integrations}` });
