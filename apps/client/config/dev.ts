import type { UserConfigExport } from '@tarojs/cli';

const apiBase = process.env.TARO_APP_API_BASE ?? 'http://localhost:3000';

export default {
  logger: { quiet: false, stats: true },
  mini: {},
  h5: {
    // `dev:h5` serves the app itself; the API stays at the same origin via this proxy.
    devServer: { proxy: { '/api': { target: apiBase, changeOrigin: true } } },
  },
} satisfies UserConfigExport<'webpack5'>;
