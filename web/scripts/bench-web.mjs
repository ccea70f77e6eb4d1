// Dashboard figures for `make bench` (called by scripts/bench.sh), printed
// as Markdown on stdout:
//   - JavaScript each route loads (gzip -9 of the files in web/dist, as a
//     browser with an empty cache fetched them), split into the first
//     render's scripts and those loaded after it (the home page's charts);
//   - the inbox's time to interactive on the demo data: from navigation
//     start until the conversation list shows the demo's conversations and
//     the live WebSocket is open (median of N cold loads, each in a fresh
//     browser context, so nothing is cached).
// Runs `bin/masteria serve --demo` on a fresh data directory and Debian's
// Chromium (/usr/bin/chromium, CHROMIUM_PATH overrides) through
// playwright-core. Needs `npm run build` and a `go build` that embeds it.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const dist = resolve(here, "../dist");
const bin = process.env.MASTERIA_BIN ?? resolve(here, "../../bin/masteria");
const runs = Number(process.env.BENCH_WEB_RUNS ?? 7);
const port = 21000 + Math.floor(Math.random() * 9000);
const base = `http://127.0.0.1:${port}`;
const gz = new Map();
const DEMO = { email: "demo@masteria.local", password: "masteria-demo" };
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"];

const data = mkdtempSync(join(tmpdir(), "masteria-bench-web-"));
const server = spawn(bin, ["serve", "--demo", "--addr", `127.0.0.1:${port}`, "--data", data], { stdio: "ignore" });
let browser;
try {
  await waitHealthy();
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ARGS });
  const cookie = await login();
  await waitForDemoConversations(cookie);
  const routes = [];
  // [name, path, first render, everything shown]
  for (const [name, path, ready, settled] of [
    ["login", "/login", "input[type=email]", "input[type=email]"],
    ["home", "/", "h1", "[data-testid=funnel]"],
    ["inbox", "/inbox", "[data-testid=conversation-list] a", "[data-testid=conversation-list] a"],
    ["flows", "/flows", "h1", "h1"],
  ]) {
    routes.push({ name, path, ...(await routeJS(path, ready, settled, name === "login" ? "" : cookie)) });
  }
  const tti = [];
  for (let i = 0; i < runs; i++) tti.push(await inboxTTI(cookie));
  print(routes, tti);
} finally {
  await browser?.close();
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  rmSync(data, { recursive: true, force: true });
}

async function waitHealthy() {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the server did not become healthy");
}

async function login() {
  const res = await fetch(`${base}/api/v1/auth/login`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(DEMO) });
  if (!res.ok) throw new Error(`login: ${res.status}`);
  const c = res.headers.getSetCookie().find((s) => s.startsWith("masteria_session="));
  return c.split(";")[0].split("=")[1];
}

/** the demo's customers write on start: wait until their conversations exist. */
async function waitForDemoConversations(cookie) {
  for (let i = 0; i < 100; i++) {
    const r = await fetch(`${base}/api/v1/conversations`, { headers: { Cookie: `masteria_session=${cookie}` } });
    if (r.ok && (await r.json()).items.length >= 3) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the demo conversations did not appear");
}

async function context(cookie) {
  const ctx = await browser.newContext({ baseURL: base, serviceWorkers: "block", locale: "pt-BR", viewport: { width: 1366, height: 860 } });
  if (cookie) await ctx.addCookies([{ name: "masteria_session", value: cookie, url: base }]);
  return ctx;
}

function gzipOf(pathname) {
  if (!gz.has(pathname)) gz.set(pathname, gzipSync(readFileSync(join(dist, pathname)), { level: 9 }).length);
  return gz.get(pathname);
}

/** routeJS opens path in a fresh context and sums the JavaScript requested before and after its first render. */
async function routeJS(path, ready, settled, cookie) {
  const ctx = await context(cookie);
  const page = await ctx.newPage();
  await page.addInitScript((sel) => {
    const mo = new MutationObserver(() => {
      if (window.__rendered === undefined && document.querySelector(sel)) window.__rendered = performance.now();
    });
    document.addEventListener("DOMContentLoaded", () => mo.observe(document.body, { subtree: true, childList: true }));
  }, ready);
  await page.goto(path);
  await page.waitForSelector(settled);
  await page.waitForLoadState("networkidle");
  const { rendered, scripts } = await page.evaluate(() => ({
    rendered: window.__rendered,
    scripts: performance
      .getEntriesByType("resource")
      .filter((e) => new URL(e.name).pathname.startsWith("/assets/") && e.name.endsWith(".js"))
      .map((e) => ({ path: new URL(e.name).pathname, start: e.startTime })),
  }));
  await ctx.close();
  const sum = (xs) => xs.reduce((n, x) => n + gzipOf(x.path), 0);
  return { initial: sum(scripts.filter((x) => x.start < rendered)), later: sum(scripts.filter((x) => x.start >= rendered)), files: scripts.length };
}

/**
 * inboxTTI: ms from navigation start until the list shows the demo's
 * conversations (links one can click) and the live socket is open, both
 * stamped in the page by a MutationObserver (no test-driver polling delay).
 */
async function inboxTTI(cookie) {
  const ctx = await context(cookie);
  const page = await ctx.newPage();
  await page.addInitScript(() => {
    const marks = (window.__tti = {});
    const mo = new MutationObserver(() => {
      if (!marks.list && document.querySelector("[data-testid=conversation-list] li:nth-child(3) a")) marks.list = performance.now();
      if (!marks.live && document.querySelector("[data-testid=live][data-state=live]")) marks.live = performance.now();
    });
    document.addEventListener("DOMContentLoaded", () => mo.observe(document.body, { subtree: true, childList: true, attributes: true }));
  });
  await page.goto("/inbox", { waitUntil: "commit" });
  await page.waitForSelector("[data-testid=conversation-list] li:nth-child(3) a");
  await page.waitForSelector("[data-testid=live][data-state=live]");
  const m = await page.evaluate(() => window.__tti);
  await ctx.close();
  return Math.max(m.list, m.live);
}

function print(routes, tti) {
  const kb = (n) => (n / 1024).toFixed(1);
  const sorted = [...tti].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  console.log("## Dashboard (web/scripts/bench-web.mjs)");
  console.log();
  console.log("JavaScript per route, gzip -9 of what an empty-cache browser fetched, before the page's first render (its heading or, for the inbox, its conversations) and after it (the home page's charts load once its figures arrive); target ≤ 250 kB before the first render:");
  console.log();
  console.log("| route | first render (kB gzip) | loaded after it (kB gzip) | files |");
  console.log("|---|---:|---:|---:|");
  for (const r of routes) console.log(`| \`${r.path}\` (${r.name}) | ${kb(r.initial)} | ${kb(r.later)} | ${r.files} |`);
  console.log();
  console.log(
    `Inbox time to interactive on the demo data (navigation start → conversations listed and the live socket open; ` +
      `cold cache, ${tti.length} runs, target ≤ 1500 ms): median ${median.toFixed(0)} ms, min ${sorted[0].toFixed(0)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms.`,
  );
}
