// H5 only: the app's stylesheet written into index.html instead of linked. A linked stylesheet
// blocks the first frame until it arrives, and on a cheap phone's connection it arrives late: it
// shares the bandwidth with the scripts requested at the same moment (a 0.7-KB Brotli file took
// ~375 ms in `node bench/h5-load.bench.mjs --trace`), so the home page's header and 我要反映, which
// index.html draws itself, waited for it. The stylesheet is small (~2.7 KB, ~0.7 KB as Brotli), so
// the page now gets it with the HTML. Only `<link rel="stylesheet">`s of this build's own assets are
// written in; the pages' chunk stylesheets still load with their chunks.
import type { Compiler } from 'webpack';
import { editIndexHtml } from './index-html';

export class InlineStylesheets {
  apply(compiler: Compiler) {
    editIndexHtml(compiler, 'InlineStylesheets', (html, compilation) => {
      const publicPath = String(compilation.outputOptions.publicPath ?? '/');
      return html.replace(/<link href="([^"]+\.css)" rel="stylesheet">/g, (link, href: string) => {
        const asset = href.startsWith(publicPath) ? compilation.getAsset(href.slice(publicPath.length)) : undefined;
        if (!asset) return link;
        const css = asset.source.source().toString();
        // A stylesheet that held "</style" would end the element early: such a one stays linked.
        return /<\/style/i.test(css) ? link : `<style>${css}</style>`;
      });
    });
  }
}
