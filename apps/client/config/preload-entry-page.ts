// H5 only: the home page's chunks are loaded by the router after the app script runs, one round
// trip later. Preload hints in index.html let a phone fetch them alongside the vendor script.
import type { Compiler } from 'webpack';

export class PreloadEntryPage {
  constructor(private readonly page: string) {}

  apply(compiler: Compiler) {
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.compilation.tap('PreloadEntryPage', (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'PreloadEntryPage', stage: Compilation.PROCESS_ASSETS_STAGE_REPORT },
        () => {
          const html = compilation.getAsset('index.html');
          if (!html) return;
          const group = compilation.chunkGroups.find((g) =>
            g.origins.some((o) => o.request?.replace(/\\/g, '/').includes(this.page)),
          );
          if (!group) throw new Error(`PreloadEntryPage: no async chunk group imports ${this.page}`);
          const publicPath = String(compilation.outputOptions.publicPath ?? '/');
          const files = group.chunks.flatMap((chunk) => [...chunk.files]);
          const hints = files
            .map((file) =>
              file.endsWith('.js')
                ? `<link rel="preload" as="script" href="${publicPath}${file}">`
                : file.endsWith('.css')
                  ? `<link rel="preload" as="style" href="${publicPath}${file}">`
                  : '',
            )
            .join('');
          const source = html.source.source().toString();
          compilation.updateAsset('index.html', new sources.RawSource(source.replace('</head>', `${hints}</head>`)));
        },
      );
    });
  }
}
