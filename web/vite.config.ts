import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { keepGitkeep, serviceWorker } from "./vite-plugins.ts";

// The dev server proxies the API to a running `masteria serve` (default
// 127.0.0.1:8080; MASTERIA_API_URL overrides). The Host header is kept so the
// server's same-origin check accepts cookie-authenticated writes.
const api = process.env.MASTERIA_API_URL ?? "http://127.0.0.1:8080";

export default defineConfig({
  plugins: [react(), tailwindcss(), serviceWorker(), keepGitkeep()],
  resolve: {
    alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 400,
  },
  server: {
    proxy: {
      "/api": { target: api, ws: true },
      "/health": { target: api },
      "/hooks": { target: api },
    },
  },
  test: {
    environment: "happy-dom",
    include: ["src/**/*.test.{ts,tsx}"],
    restoreMocks: true,
  },
});
