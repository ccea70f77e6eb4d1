import { expect, test } from "@playwright/test";

test("the PWA manifest is linked and the service worker caches the shell, never /api", async ({ page, request }) => {
  const manifest = await request.get("/manifest.webmanifest");
  expect(manifest.ok()).toBeTruthy();
  const m = (await manifest.json()) as { name: string; start_url: string; icons: { src: string }[] };
  expect(m.name).toBe("Master IA");
  expect(m.start_url).toBe("/");
  for (const icon of m.icons) expect((await request.get(icon.src)).ok(), icon.src).toBeTruthy();

  await page.goto("/login");
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute("href", "/manifest.webmanifest");
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(scope).toMatch(/\/$/);
  const cached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      for (const req of await (await caches.open(name)).keys()) urls.push(new URL(req.url).pathname);
    }
    return urls;
  });
  expect(cached).toContain("/");
  expect(cached.some((u) => u.startsWith("/assets/"))).toBeTruthy();
  expect(cached.filter((u) => u.startsWith("/api"))).toEqual([]);
});
