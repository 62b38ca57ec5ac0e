// Taro build configuration for both targets: `taro build --type weapp|h5`.
// Hand-written because `taro init` needs GitHub; options: https://docs.taro.zone/docs/config-detail
import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import type { IProjectConfig } from '@tarojs/taro/types/compile';
import devConfig from './dev';
import prodConfig from './prod';
import { InlineStylesheets } from './inline-stylesheets';
import { PreloadEntryPage } from './preload-entry-page';

const repoRoot = path.resolve(__dirname, '../../..');
const workspaceSources = [path.join(repoRoot, 'packages/core/src'), path.join(repoRoot, 'packages/api-client/src')];
const apiBase = process.env.TARO_APP_API_BASE ?? 'http://localhost:3000';
// Taro passes these keys on to webpack's filesystem cache (its type lists only `enable`).
const persistentCache = {
  enable: true,
  cacheDirectory: path.resolve(__dirname, '../.taro-cache'),
  version: `${apiBase}|${process.env.TARO_APP_WECHAT_TEMPLATES ?? ''}|${process.env.TARO_APP_MAP_TILE_URL ?? ''}`,
};

// WeChat templates cannot recurse, so Taro writes one copy of every template per nesting level
// into base.wxml (about 2.7 KB each). Deeper nodes render through its `comp` component instead;
// 6 levels cover our pages' usual depth and keep the main package under 500 KB (the default 16
// put it over, and 8 did too once the public, admin and a11y work landed: docs/benchmarks.md). Taro's MiniPlugin reads `baseLevel`; its config type does not list it.
const templateDepth: Record<string, unknown> = { baseLevel: 6 };

// Our workspace packages are pure modules: let webpack drop what a page does not
// import (the core's calendar data, say) instead of keeping every re-export.
type WebpackChain = Parameters<NonNullable<NonNullable<IProjectConfig<'webpack5'>['mini']>['webpackChain']>>[0];

function markWorkspaceSourcesPure(chain: WebpackChain) {
  chain.module
    .rule('hotline-workspace-pure')
    .test(/\.[jt]sx?$/)
    .include.merge(workspaceSources)
    .end()
    .set('sideEffects', false);
}

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'hotline',
    date: '2026-11-28',
    // NutUI is drawn on a 375 px canvas, our styles on 750.
    designWidth(input) {
      const file = typeof input === 'object' && input?.file ? input.file.replace(/\\+/g, '/') : '';
      return file.includes('@nutui') ? 375 : 750;
    },
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${process.env.TARO_ENV ?? 'weapp'}`,
    plugins: ['@tarojs/plugin-html'],
    env: {
      TARO_APP_API_BASE: JSON.stringify(apiBase),
      // H5 case pages draw the county's outlines without online tiles unless an installation
      // names its tile service ({z}/{x}/{y}; Chinese providers serve GCJ-02, say which).
      TARO_APP_MAP_TILE_URL: JSON.stringify(process.env.TARO_APP_MAP_TILE_URL ?? ''),
      TARO_APP_MAP_TILE_DATUM: JSON.stringify(process.env.TARO_APP_MAP_TILE_DATUM ?? 'gcj02'),
      // Placeholders until the installation's own template ids are set at build time.
      TARO_APP_WECHAT_TEMPLATES: JSON.stringify(
        process.env.TARO_APP_WECHAT_TEMPLATES ?? 'demo-case-progress,demo-case-replied',
      ),
    },
    alias: {
      '@': path.resolve(__dirname, '../src'),
      '@hotline/core': path.join(repoRoot, 'packages/core/src'),
      '@hotline/api-client': path.join(repoRoot, 'packages/api-client/src'),
    },
    // The installable web app (manifest, icons, service worker) exists for H5 only.
    copy: {
      patterns:
        process.env.TARO_ENV === 'h5'
          ? [
              { from: 'src/pwa/sw.js', to: 'dist/h5/sw.js' },
              { from: 'src/pwa/manifest.webmanifest', to: 'dist/h5/manifest.webmanifest' },
              { from: 'src/pwa/icons', to: 'dist/h5/icons' },
            ]
          : [],
      options: {},
    },
    framework: 'react',
    compiler: 'webpack5',
    cache: persistentCache,
    // Taro's mini-program minifier writes every non-ASCII character as \uXXXX: six bytes for each
    // Chinese character of our texts instead of UTF-8's three. WeChat reads its sources as UTF-8.
    ...(process.env.TARO_ENV === 'weapp' ? { terser: { enable: true, config: { output: { ascii_only: false } } } } : {}),
    mini: {
      compile: { include: workspaceSources },
      ...templateDepth,
      webpackChain(chain) {
        markWorkspaceSourcesPure(chain);
      },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
    },
    h5: {
      compile: { include: workspaceSources },
      publicPath: '/',
      staticDirectory: 'static',
      // Browser history: the server answers unknown non-/api paths with index.html.
      router: { mode: 'browser' },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
      webpackChain(chain) {
        markWorkspaceSourcesPure(chain);
        chain.optimization.splitChunks({ chunks: 'all' });
        // webpack's hint counts raw bytes; tests/e2e holds the real budget, in bytes as served.
        chain.performance.hints(false);
        chain.plugin('preload-entry-page').use(PreloadEntryPage, ['pages/home/index']);
        chain.plugin('inline-stylesheets').use(InlineStylesheets);
      },
    },
  };

  return process.env.NODE_ENV === 'development' ? merge({}, baseConfig, devConfig) : merge({}, baseConfig, prodConfig);
});
