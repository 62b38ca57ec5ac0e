import { t } from '../../locales/zh-CN';

export default definePageConfig({ navigationBarTitleText: t.done.title });
