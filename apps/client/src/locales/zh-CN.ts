// Every string a user sees. Keys are English; values are what residents read.
export const zhCN = {
  app: {
    title: (county: string) => `${county}12345`,
    subtitle: '政务服务便民热线',
  },
  permissions: {
    userLocation: '用于定位您反映问题的位置',
  },
  common: {
    comingSoon: '即将开放',
    retry: '重试',
    loading: '正在加载…',
  },
  home: {
    report: '我要反映',
    reportHint: '反映问题、咨询、求助、投诉、建议',
    largeText: '大字模式',
    largeTextHint: '放大文字，方便阅读',
    statusLink: '查看服务状态',
  },
  status: {
    title: '服务状态',
    service: '服务状态',
    database: '数据库',
    version: '版本',
    demo: '演示模式',
    checkedAt: '检查时间',
    serviceState: { ok: '正常', degraded: '部分功能受限' },
    databaseName: { sqlite: 'SQLite', postgres: 'PostgreSQL' },
    yes: '是',
    no: '否',
    checking: '正在检查服务状态…',
    errorTitle: '暂时无法获取服务状态',
    networkError: '无法连接服务器，请检查网络后重试。',
    serverError: (code: string) => `服务器返回错误（${code}），请稍后重试。`,
    requestId: (id: string) => `请求编号：${id}`,
  },
} as const;

export const t = zhCN;
