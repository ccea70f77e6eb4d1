// Build-time plugins: keep web/dist/.gitkeep (the Go binary embeds web/dist
// and the folder must exist in a fresh checkout), and emit the service
// worker with the list of app-shell files it precaches.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Plugin } from "vite";

/** keepGitkeep recreates dist/.gitkeep after Vite empties and fills dist. */
export function keepGitkeep(): Plugin {
  let outDir = "dist";
  return {
    name: "masteria:keep-gitkeep",
    apply: "build",
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      writeFileSync(resolve(outDir, ".gitkeep"), "");
    },
  };
}

/**
 * serviceWorker emits sw.js from sw/sw.js, filling in the app-shell files
 * (index.html, the entry script and styles, the manifest and icons) and a
 * version derived from them, so each build gets a fresh cache.
 */
export function serviceWorker(source = "sw/sw.js"): Plugin {
  let root = ".";
  return {
    name: "masteria:service-worker",
    apply: "build",
    configResolved(config) {
      root = config.root;
    },
    generateBundle(_options, bundle) {
      const shell = ["/", "/manifest.webmanifest", "/icon.svg", "/icon-192.png", "/icon-512.png"];
      // The entry chunk, everything it imports statically, and the styles:
      // what the first paint needs. Route chunks are cached when first used.
      const seen = new Set<string>();
      const visit = (file: string) => {
        const chunk = bundle[file];
        if (seen.has(file) || !chunk || chunk.type !== "chunk") return;
        seen.add(file);
        chunk.imports.forEach(visit);
      };
      for (const [file, chunk] of Object.entries(bundle)) {
        if (chunk.type === "chunk" && chunk.isEntry) visit(file);
        if (chunk.type === "asset" && file.endsWith(".css")) seen.add(file);
      }
      shell.push(...[...seen].sort().map((f) => `/${f}`));
      const version = createHash("sha256").update(shell.join("\n")).digest("hex").slice(0, 12);
      const code = readFileSync(resolve(root, source), "utf8")
        .replace("__VERSION__", version)
        .replace("__SHELL__", JSON.stringify(shell));
      this.emitFile({ type: "asset", fileName: "sw.js", source: code });
    },
  };
}
