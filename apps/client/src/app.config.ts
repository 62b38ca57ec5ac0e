import { COUNTY_NAME } from './constants';
import { t } from './locales/zh-CN';

export default defineAppConfig({
  // Resident pages live in the main package; staff pages (受理/派单/承办/督办)
  // go into `subPackages` so residents never download them.
  pages: [
    'pages/home/index',
    'pages/status/index',
    'pages/login/index',
    'pages/cases/index',
    'pages/report/index',
    'pages/done/index',
  ],
  subPackages: [
    { root: 'resident', pages: ['case/index', 'settings/index'] },
    // Public pages (no sign-in): typical cases with their map, statistics, status by tracking number.
    { root: 'public', pages: ['cases/index', 'case/index', 'statistics/index', 'track/index'] },
    {
      root: 'staff',
      pages: [
        'pages/home/index',
        'pages/queue/index',
        'pages/case/index',
        'pages/intake/index',
        'pages/inbox/index',
        'pages/board/index',
        'pages/measures/index',
        'pages/disclosure/index',
      ],
    },
    // Trends and the hot-spot map with their chart library (ECharts): only those who read figures download it.
    { root: 'analytics', pages: ['pages/trends/index', 'pages/hotspots/index', 'pages/spike/index', 'pages/repeat/index', 'pages/bulletin/index', 'pages/topic/index'] },
    // The admin console: a county has a handful of admins, so nobody else downloads it.
    {
      root: 'admin',
      pages: [
        'pages/units/index',
        'pages/staff/index',
        'pages/categories/index',
        'pages/time/index',
        'pages/audit/index',
        'pages/integrations/index',
        'pages/health/index',
      ],
    },
  ],
  window: {
    navigationBarTitleText: t.app.title(COUNTY_NAME),
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTextStyle: 'black',
    backgroundTextStyle: 'light',
  },
  requiredPrivateInfos: ['getLocation', 'chooseLocation'],
  permission: {
    'scope.userLocation': { desc: t.permissions.userLocation },
  },
  __usePrivacyCheck__: true,
  lazyCodeLoading: 'requiredComponents',
});
