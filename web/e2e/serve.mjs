// serve starts `masteria serve --demo` on a fresh temporary data directory
// for the browser tests and removes the directory when it stops. The
// server's log goes to web/e2e-server.log (read it when a test fails).
//   MASTERIA_BIN       the binary (default ../bin/masteria)
//   MASTERIA_E2E_PORT  the port on 127.0.0.1
//   MASTERIA_E2E_HOOK_PORT  a port on 127.0.0.1 the server's webhooks may reach
//                      (webhooks.spec.ts's receiver), added to MASTERIA_EGRESS_ALLOW_HOSTS
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, openSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const bin = process.env.MASTERIA_BIN ?? resolve(here, "../../bin/masteria");
const port = process.env.MASTERIA_E2E_PORT ?? "18480";
if (!existsSync(bin)) {
  console.error(`serve: ${bin} not found; build it with: go build -o bin/masteria ./cmd/masteria`);
  process.exit(1);
}
const data = mkdtempSync(join(tmpdir(), "masteria-e2e-"));
const log = openSync(resolve(here, "../e2e-server.log"), "w");
const hookPort = process.env.MASTERIA_E2E_HOOK_PORT ?? String(Number(port) + 1);
const allow = [process.env.MASTERIA_EGRESS_ALLOW_HOSTS, `127.0.0.1:${hookPort}`].filter(Boolean).join(",");
const child = spawn(bin, ["serve", "--demo", "--addr", `127.0.0.1:${port}`, "--data", data], {
  stdio: ["ignore", log, log],
  env: { ...process.env, MASTERIA_EGRESS_ALLOW_HOSTS: allow },
});

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  child.kill("SIGTERM");
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
child.on("exit", (code, signal) => {
  rmSync(data, { recursive: true, force: true });
  process.exit(stopping ? 0 : (code ?? (signal ? 1 : 0)));
});
