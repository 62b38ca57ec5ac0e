// H5 only: the build's plugins that rewrite the built index.html do it here, once the compilation's
// assets (and the chunk groups that name them) are final.
import type { Compilation, Compiler } from 'webpack';

/** Replaces index.html with what `edit` makes of it; a build without one (the mini-program) is left alone. */
export function editIndexHtml(compiler: Compiler, plugin: string, edit: (html: string, compilation: Compilation) => string): void {
  const { Compilation: Stages, sources } = compiler.webpack;
  compiler.hooks.compilation.tap(plugin, (compilation) => {
    compilation.hooks.processAssets.tap({ name: plugin, stage: Stages.PROCESS_ASSETS_STAGE_REPORT }, () => {
      const asset = compilation.getAsset('index.html');
      if (!asset) return;
      const html = asset.source.source().toString();
      const edited = edit(html, compilation);
      if (edited !== html) compilation.updateAsset('index.html', new sources.RawSource(edited));
    });
  });
}
