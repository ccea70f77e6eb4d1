// Browser tests against the REAL binary: `masteria serve --demo` on a fresh
// data directory, with the dashboard built into it (run `npm run build`,
// then `go build`, then `playwright test`). Chromium is Debian's
// /usr/bin/chromium; nothing is downloaded.
import { defineConfig, devices } from "@playwright/test";

// Chosen once in the runner; workers inherit it through the environment.
process.env.MASTERIA_E2E_PORT ??= String(20000 + Math.floor(Math.random() * 20000));
const port = Number(process.env.MASTERIA_E2E_PORT);
// Where webhooks.spec.ts's receiver listens; serve.mjs lets the server's webhooks reach it.
process.env.MASTERIA_E2E_HOOK_PORT ??= String(port + 1);
const baseURL = `http://127.0.0.1:${port}`;

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  globalSetup: "./e2e/global-setup.ts",
  use: {
    baseURL,
    locale: "pt-BR",
    timezoneId: "America/Sao_Paulo",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: CHROMIUM_ARGS,
    },
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], viewport: { width: 1366, height: 860 } } },
  ],
  webServer: {
    command: "node e2e/serve.mjs",
    url: `${baseURL}/health`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    env: { MASTERIA_E2E_PORT: String(port), MASTERIA_E2E_HOOK_PORT: process.env.MASTERIA_E2E_HOOK_PORT },
  },
});
