// Drives an installed ovh-ikvm-mcp executable over stdio with the official MCP TypeScript SDK client, the way a
// desktop client starts it, and checks that stdout carried nothing but JSON-RPC.
// Usage: node smoke.mjs <path-to-ovh-ikvm-mcp> <scenario>
//   scenario "unconfigured": no OVH credentials; list_servers must answer with the configuration error.
//   scenario "qemu": a real QEMU VM's VNC console (over WebSocket) is a direct target in a targets file; the screenshot
//   is read back with tesseract to prove it shows SeaBIOS.
//   scenario "demo": the tool runs with --demo (simulated OVH API and AMI BMCs); screenshots go through the real
//   pipeline and are read back with tesseract OCR to prove they show the expected console, and wait_for_console
//   follows the booting server until its login prompt shows.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createChecks, freePort } from "./checks.mjs";

const [toolPath, scenario = "unconfigured"] = process.argv.slice(2);
if (!toolPath) {
  console.error("usage: node smoke.mjs <tool> [scenario]");
  process.exit(2);
}

const { check, finish } = createChecks();

// The tool's stdout is teed to a file so that every byte it wrote can be checked afterwards.
const workDir = mkdtempSync(join(tmpdir(), "mcp-smoke-"));
const stdoutLog = join(workDir, "stdout.log");
let qemu = null;
let toolArgs = scenario === "demo" ? ["--demo"] : [];
if (scenario === "qemu") {
  const vncPort = await freePort();
  const wsPort = await freePort();
  // SeaBIOS with no disk: it prints its banner, tries to boot and settles on "No bootable device".
  qemu = spawn("qemu-system-x86_64", [
    "-nodefaults", "-display", "none", "-vga", "std", "-m", "32", "-accel", "tcg", "-no-reboot",
    "-vnc", `127.0.0.1:${vncPort - 5900},websocket=127.0.0.1:${wsPort}`,
  ], { stdio: "ignore" });
  const targets = join(workDir, "targets.json");
  writeFileSync(targets, JSON.stringify({ targets: [{ id: "lab-vm", name: "QEMU lab VM", type: "vnc", url: `ws://127.0.0.1:${wsPort}` }] }));
  toolArgs = ["--targets", targets];
}
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("OVH_")));
const transport = new StdioClientTransport({
  command: "bash",
  args: ["-c", 'set -o pipefail; "$0" "$@" | tee "$STDOUT_LOG"', toolPath, ...toolArgs],
  env: { ...env, STDOUT_LOG: stdoutLog, OVH_IKVM_LOG_LEVEL: "Debug" },
  stderr: "pipe",
});
let stderr = "";
transport.stderr?.on("data", (chunk) => (stderr += chunk));

const client = new Client({ name: "ovh-ikvm-mcp-ci", version: "1.0.0" }, { capabilities: {} });
const started = performance.now();
await client.connect(transport);
const initializeMs = performance.now() - started;

const info = client.getServerVersion();
check("initialize: server name", info?.name === "ovh-ikvm-mcp", JSON.stringify(info));
console.log(`     server ${info?.name} ${info?.version}, ${initializeMs.toFixed(0)} ms from spawn to initialize reply`);

const tools = await client.listTools();
const names = tools.tools.map((t) => t.name).sort();
check("tools/list: list_servers, get_screenshot and wait_for_console", JSON.stringify(names) === JSON.stringify(["get_screenshot", "list_servers", "wait_for_console"]), JSON.stringify(names));
const screenshot = tools.tools.find((t) => t.name === "get_screenshot");
check("tools/list: get_screenshot requires serverId", JSON.stringify(screenshot?.inputSchema?.required) === JSON.stringify(["serverId"]));
check("tools/list: read-only annotation", screenshot?.annotations?.readOnlyHint === true);
const waitTool = tools.tools.find((t) => t.name === "wait_for_console");
check("tools/list: wait_for_console is read-only and not idempotent", waitTool?.annotations?.readOnlyHint === true && waitTool?.annotations?.idempotentHint === false);
check(
  "tools/list: wait_for_console shows until's values and the timeout's bounds",
  JSON.stringify(waitTool?.inputSchema?.properties?.until?.enum) === JSON.stringify(["change", "stable", "text"])
    && waitTool?.inputSchema?.properties?.timeoutSeconds?.maximum === 600,
  JSON.stringify(waitTool?.inputSchema),
);

if (scenario === "unconfigured") {
  const result = await client.callTool({ name: "list_servers", arguments: {} });
  const text = result.content?.[0]?.text ?? "";
  check("list_servers without credentials: isError", result.isError === true, JSON.stringify(result));
  check(
    "list_servers without credentials: names the variables",
    ["OVH_APPLICATION_KEY", "OVH_APPLICATION_SECRET", "OVH_CONSUMER_KEY"].every((v) => text.includes(v)),
    text,
  );
  console.log(`     -> ${text}`);
  let invalidParams = null;
  try {
    await client.callTool({ name: "get_screenshot", arguments: { serverId: "x", rwa: true } });
  } catch (error) {
    invalidParams = error;
  }
  check("get_screenshot with a misspelt argument: JSON-RPC invalid params", invalidParams?.code === -32602, String(invalidParams));
}

if (scenario === "qemu") {
  const listed = JSON.parse((await client.callTool({ name: "list_servers", arguments: {} })).content?.[0]?.text ?? "[]");
  check("qemu list_servers: the direct target, no OVH warning", listed.length === 1 && listed[0].id === "lab-vm" && listed[0].provider === "direct", JSON.stringify(listed));
  // The VM needs a moment to reach its final screen: ask again (a bounded number of times) until the text shows.
  let ocr = "";
  let shot = null;
  for (let attempt = 0; attempt < 30 && !/bootable device/i.test(ocr); attempt++) {
    shot = await client.callTool({ name: "get_screenshot", arguments: { serverId: "lab-vm" } }, undefined, { timeout: 60000 });
    if (shot.isError) continue;
    const pngPath = join(workDir, `qemu-${attempt}.png`);
    writeFileSync(pngPath, Buffer.from(shot.content[0].data, "base64"));
    ocr = execFileSync("tesseract", [pngPath, "stdout"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  }
  check("qemu get_screenshot: one PNG image block", shot?.isError !== true && shot?.content?.[0]?.mimeType === "image/png", JSON.stringify(shot).slice(0, 300));
  check("qemu get_screenshot: OCR reads SeaBIOS's screen", /seabios/i.test(ocr) && /bootable device/i.test(ocr), ocr.slice(0, 400));
  console.log(`     OCR: ${ocr.replace(/\s+/g, " ").trim().slice(0, 160)}`);
}

if (scenario === "demo") {
  const listed = await client.callTool({ name: "list_servers", arguments: {} });
  const servers = JSON.parse(listed.content?.[0]?.text ?? "[]");
  check("demo list_servers: six servers from the simulated OVH account", servers.length === 6 && servers.every((s) => s.provider === "ovh"), JSON.stringify(servers));
  const withConsole = servers.filter((s) => s.consoleAvailable === true).map((s) => s.id);
  const withoutConsole = servers.filter((s) => s.consoleAvailable === false).map((s) => s.id);
  check("demo list_servers: five with an HTML5 console, one without", withConsole.length === 5 && withoutConsole.length === 1);

  // First, while it is still in its BIOS: the booting server reaches its login prompt about 20 s after the demo
  // started, and wait_for_console follows it there on one session.
  const booting = "ns3100432.ip-198-51-100.eu";
  const waitProgress = [];
  const waitStart = performance.now();
  const waited = await client.callTool(
    { name: "wait_for_console", arguments: { serverId: booting, until: "text", pattern: "login:", timeoutSeconds: 120 } },
    undefined,
    { onprogress: (p) => waitProgress.push(p.message), timeout: 240000, resetTimeoutOnProgress: true },
  );
  const waitMs = performance.now() - waitStart;
  const sentence = waited.content?.[0]?.text ?? "";
  const consoleText = waited.content?.find((c) => c.type === "text" && c.text.startsWith("Console text ("))?.text ?? "";
  check("demo wait_for_console until=text: matched, one sentence first", waited.isError !== true && /^matched 'login:' after \d+\.\d s$/.test(sentence), JSON.stringify(waited).slice(0, 400));
  check("demo wait_for_console: the last screen as an image", waited.content?.[1]?.type === "image" && waited.content[1].mimeType === "image/png");
  check("demo wait_for_console: the console text shows the login prompt", /ns3100432 login:/.test(consoleText), consoleText.slice(0, 300));
  check("demo wait_for_console: progress says what it waits for", waitProgress.some((m) => m?.startsWith("waiting for the console text to match 'login:'")), JSON.stringify(waitProgress));
  check("demo wait_for_console: it followed the boot through changes", waitProgress.some((m) => m?.startsWith("the screen changed; waiting for")), JSON.stringify(waitProgress));
  console.log(`     wait_for_console ${waitMs.toFixed(0)} ms: ${sentence}`);

  // The kernel panic server, cold (the grant is requested, the task polled, the BMC session opened).
  const progress = [];
  const coldStart = performance.now();
  const shot = await client.callTool(
    { name: "get_screenshot", arguments: { serverId: withConsole[0] } },
    undefined,
    { onprogress: (p) => progress.push(p.message), timeout: 120000 },
  );
  const coldMs = performance.now() - coldStart;
  const image = shot.content?.find((c) => c.type === "image");
  check("demo get_screenshot: one PNG image block", shot.isError !== true && image?.mimeType === "image/png" && shot.content.length === 1, JSON.stringify(shot).slice(0, 300));
  const png = Buffer.from(image?.data ?? "", "base64");
  check("demo get_screenshot: PNG signature", png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])));
  const pngPath = join(workDir, "kernel-panic.png");
  writeFileSync(pngPath, png);
  const text = execFileSync("tesseract", [pngPath, "stdout"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  check("demo get_screenshot: OCR reads the kernel panic", /Kernel panic - not syncing/.test(text), text.slice(0, 400));
  check("demo get_screenshot: progress notifications arrived", progress.length > 0, JSON.stringify(progress));
  console.log(`     cold screenshot ${coldMs.toFixed(0)} ms, ${png.length} PNG bytes, ${progress.length} progress notifications`);

  const warmStart = performance.now();
  const warm = await client.callTool({ name: "get_screenshot", arguments: { serverId: withConsole[0], raw: true } });
  const warmMs = performance.now() - warmStart;
  check("demo get_screenshot raw (grant reused)", warm.isError !== true && warm.content?.[0]?.type === "image");
  console.log(`     warm screenshot ${warmMs.toFixed(0)} ms`);

  const grub = await client.callTool({ name: "get_screenshot", arguments: { serverId: withConsole[1] } }, undefined, { timeout: 120000 });
  const grubPath = join(workDir, "grub.png");
  writeFileSync(grubPath, Buffer.from(grub.content?.[0]?.data ?? "", "base64"));
  const grubText = execFileSync("tesseract", [grubPath, "stdout"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  check("demo get_screenshot: OCR reads the GRUB menu", /GNU GRUB/.test(grubText) && /Debian GNU\/Linux/.test(grubText), grubText.slice(0, 300));

  const none = await client.callTool({ name: "get_screenshot", arguments: { serverId: withoutConsole[0] } });
  const noneText = none.content?.[0]?.text ?? "";
  check("demo get_screenshot without an HTML5 console: one clear error", none.isError === true && noneText.length > 20 && !noneText.includes(" at "), noneText);
  console.log(`     -> ${noneText}`);

}

await client.close();
qemu?.kill();

// Every line the tool wrote to stdout must be a JSON-RPC 2.0 message.
const lines = readFileSync(stdoutLog, "utf8").split("\n").filter((l) => l.length > 0);
const strays = lines.filter((l) => {
  try {
    return JSON.parse(l).jsonrpc !== "2.0";
  } catch {
    return true;
  }
});
check(`stdout carried only JSON-RPC (${lines.length} lines)`, lines.length > 0 && strays.length === 0, JSON.stringify(strays.slice(0, 3)));
check("logs went to stderr", stderr.includes("serving MCP on stdio"), stderr.slice(0, 300));
for (const secret of ["simApplicationSecret000000000001", "simConsumerKey000000000000000001"]) {
  check(`the simulated account's secrets never reached stdout or stderr`, !stderr.includes(secret) && !readFileSync(stdoutLog, "utf8").includes(secret));
}

finish();
