// Drives an installed ovh-ikvm-mcp executable over stdio with the official MCP TypeScript SDK client, the way a
// desktop client starts it, and checks that stdout carried nothing but JSON-RPC.
// Usage: node smoke.mjs <path-to-ovh-ikvm-mcp> <scenario>
//   scenario "unconfigured": no OVH credentials; list_servers must answer with the configuration error.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [toolPath, scenario = "unconfigured"] = process.argv.slice(2);
if (!toolPath) {
  console.error("usage: node smoke.mjs <tool> [scenario]");
  process.exit(2);
}

let passed = 0;
let failed = 0;
function check(name, condition, detail = "") {
  if (condition) {
    passed++;
    console.log(`ok   ${name}`);
  } else {
    failed++;
    console.log(`FAIL ${name} ${detail}`);
  }
}

// The tool's stdout is teed to a file so that every byte it wrote can be checked afterwards.
const stdoutLog = join(mkdtempSync(join(tmpdir(), "mcp-smoke-")), "stdout.log");
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("OVH_")));
const transport = new StdioClientTransport({
  command: "bash",
  args: ["-c", 'set -o pipefail; "$0" "$@" | tee "$STDOUT_LOG"', toolPath],
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
check("tools/list: list_servers and get_screenshot", JSON.stringify(names) === JSON.stringify(["get_screenshot", "list_servers"]), JSON.stringify(names));
const screenshot = tools.tools.find((t) => t.name === "get_screenshot");
check("tools/list: get_screenshot requires serverId", JSON.stringify(screenshot?.inputSchema?.required) === JSON.stringify(["serverId"]));
check("tools/list: read-only annotation", screenshot?.annotations?.readOnlyHint === true);

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

await client.close();

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

console.log(`mcp-client: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
