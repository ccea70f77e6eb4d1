// Fails fast, with the fix, when the binary under test does not carry the
// dashboard just built (a stale `go build`).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { chromium, type FullConfig } from "@playwright/test";

export default async function globalSetup(config: FullConfig) {
  const baseURL = config.projects[0]?.use.baseURL;
  if (!baseURL) throw new Error("no baseURL");
  const served = await (await fetch(`${baseURL}/`)).text();
  const built = readFileSync(resolve(import.meta.dirname, "../dist/index.html"), "utf8");
  const entry = (html: string) => html.match(/src="(\/assets\/index-[^"]+\.js)"/)?.[1];
  if (!entry(served) || entry(served) !== entry(built)) {
    throw new Error(
      "the binary does not serve the dashboard in web/dist: run `npm run build` in web/, then " +
        "`go build -o bin/masteria ./cmd/masteria`, then the tests",
    );
  }
  await warmUp(config, baseURL);
}

// warmUp opens the dashboard once before the first test: a cold Chromium
// parsing the bundle while the new server still seeds its demo took more
// than the first test's 10 s on a busy 2-core machine.
async function warmUp(config: FullConfig, baseURL: string) {
  const launch = config.projects[0]?.use.launchOptions ?? {};
  const browser = await chromium.launch(launch);
  try {
    const page = await browser.newPage();
    await page.goto(`${baseURL}/login`, { waitUntil: "networkidle", timeout: 60_000 });
  } finally {
    await browser.close();
  }
}
