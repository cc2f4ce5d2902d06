import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The client's initial JavaScript, gzipped: every module script and
 * modulepreload link in client/dist/index.html, plus (to be sure nothing is
 * missed) every chunk those import statically, followed transitively.
 * Dynamic `import()` chunks are lazy and not counted. CSS is reported apart.
 */

export type BundleFile = { file: string; bytes: number; gzipBytes: number };
export type BundleSizeResult = {
  distDir: string;
  /** JavaScript loaded before the first render. */
  initialJs: BundleFile[];
  initialJsBytes: number;
  initialJsGzipBytes: number;
  css: BundleFile[];
  cssGzipBytes: number;
  /** Every .js in dist/assets, for comparison (lazy chunks included). */
  allJsGzipBytes: number;
};

/** gzip level 9, as a CDN or `vite build`'s report would compress a static asset. */
function gzipSize(content: Buffer): number {
  return gzipSync(content, { level: 9 }).byteLength;
}

function attributes(tag: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const match of tag.matchAll(/([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    const name = (match[1] as string).toLowerCase();
    result[name] = match[2] ?? match[3] ?? match[4] ?? '';
  }
  return result;
}

/** Resolves an index.html URL ("/assets/x.js", "./assets/x.js") to a file in dist. */
function fileFor(distDir: string, url: string): string | null {
  if (/^(https?:)?\/\//.test(url)) return null;
  const clean = url.split(/[?#]/)[0] as string;
  return path.join(distDir, clean.replace(/^\.?\//, ''));
}

/** Static imports of a built ES module: `import … from"./x.js"`, `import"./x.js"`, `export … from"./x.js"`. */
function staticImports(code: string): string[] {
  const found: string[] = [];
  const pattern = /(?:\bimport|\bexport)\s*(?:[\w*${}\s,]+?\s*from\s*)?["']([^"']+\.js)["']/g;
  for (const match of code.matchAll(pattern)) {
    // Skip dynamic import("…"): the character after `import` is "(".
    const text = match[0];
    if (/^import\s*\(/.test(text)) continue;
    found.push(match[1] as string);
  }
  return found;
}

export function measureBundle(rootDir: string): BundleSizeResult {
  const distDir = path.join(rootDir, 'client', 'dist');
  const indexFile = path.join(distDir, 'index.html');
  if (!existsSync(indexFile)) throw new Error(`${indexFile} is missing: build the client first (pnpm bench does)`);
  const html = readFileSync(indexFile, 'utf8');

  const entryJs = new Set<string>();
  const cssFiles = new Set<string>();
  for (const match of html.matchAll(/<script\b[^>]*>/gi)) {
    const attrs = attributes(match[0].slice(7, -1));
    if (attrs.type === 'module' && attrs.src) {
      const file = fileFor(distDir, attrs.src);
      if (file) entryJs.add(file);
    }
  }
  for (const match of html.matchAll(/<link\b[^>]*>/gi)) {
    const attrs = attributes(match[0].slice(5, -1));
    const rel = (attrs.rel ?? '').toLowerCase();
    const file = attrs.href ? fileFor(distDir, attrs.href) : null;
    if (!file) continue;
    if (rel === 'modulepreload') entryJs.add(file);
    if (rel === 'stylesheet') cssFiles.add(file);
  }
  if (entryJs.size === 0) throw new Error(`${indexFile} loads no module script`);

  // Follow static imports so a chunk without a modulepreload link still counts.
  const initial = new Set<string>();
  const queue = [...entryJs];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (initial.has(file)) continue;
    if (!existsSync(file)) throw new Error(`index.html refers to ${file}, which does not exist`);
    initial.add(file);
    for (const spec of staticImports(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.') || spec.startsWith('/')) {
        queue.push(spec.startsWith('/') ? path.join(distDir, spec) : path.resolve(path.dirname(file), spec));
      }
    }
  }

  const describe = (file: string): BundleFile => {
    const content = readFileSync(file);
    return { file: path.relative(distDir, file), bytes: content.byteLength, gzipBytes: gzipSize(content) };
  };
  const initialJs = [...initial].map(describe).sort((a, b) => b.gzipBytes - a.gzipBytes);
  const css = [...cssFiles].filter((f) => existsSync(f)).map(describe);

  let allJsGzipBytes = 0;
  const assetsDir = path.join(distDir, 'assets');
  if (existsSync(assetsDir)) {
    for (const name of readdirSync(assetsDir)) {
      if (name.endsWith('.js')) allJsGzipBytes += gzipSize(readFileSync(path.join(assetsDir, name)));
    }
  }

  return {
    distDir,
    initialJs,
    initialJsBytes: initialJs.reduce((a, f) => a + f.bytes, 0),
    initialJsGzipBytes: initialJs.reduce((a, f) => a + f.gzipBytes, 0),
    css,
    cssGzipBytes: css.reduce((a, f) => a + f.gzipBytes, 0),
    allJsGzipBytes,
  };
}
