// H5 only: the home page's chunks are loaded by the router after the app script runs, one round
// trip later. Preload hints in index.html let a phone fetch them alongside the vendor script.
import type { Compiler } from 'webpack';
import { editIndexHtml } from './index-html';

export class PreloadEntryPage {
  constructor(private readonly page: string) {}

  apply(compiler: Compiler) {
    editIndexHtml(compiler, 'PreloadEntryPage', (html, compilation) => {
      const group = compilation.chunkGroups.find((g) =>
        g.origins.some((o) => o.request?.replace(/\\/g, '/').includes(this.page)),
      );
      if (!group) throw new Error(`PreloadEntryPage: no async chunk group imports ${this.page}`);
      const publicPath = String(compilation.outputOptions.publicPath ?? '/');
      const hints = group.chunks
        .flatMap((chunk) => [...chunk.files])
        .map((file) =>
          file.endsWith('.js')
            ? `<link rel="preload" as="script" href="${publicPath}${file}">`
            : file.endsWith('.css')
              ? `<link rel="preload" as="style" href="${publicPath}${file}">`
              : '',
        )
        .join('');
      return html.replace('</head>', `${hints}</head>`);
    });
  }
}
