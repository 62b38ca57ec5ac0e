import { publicText } from '../../locales/zh-CN.public';

export default definePageConfig({ navigationBarTitleText: publicText.cases.title });
