// Drives an installed ovh-ikvm-mcp executable over Streamable HTTP (`--demo --http`) with the official MCP TypeScript
// SDK client, then plays a hostile HTTP client against the same process: no spelling of the endpoint's path may be
// served without the bearer token, and a foreign browser origin is refused.
// Usage: node http-smoke.mjs <path-to-ovh-ikvm-mcp>
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { connect } from "node:net";
import { createChecks, freePort } from "./checks.mjs";

const [toolPath] = process.argv.slice(2);
if (!toolPath) {
  console.error("usage: node http-smoke.mjs <tool>");
  process.exit(2);
}

const { check, finish } = createChecks();

// A request exactly as written: fetch() would normalise "/%4DCP" and dot segments before sending.
const rawRequest = (port, head, body) =>
  new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let data = "";
    socket.setTimeout(30000, () => socket.destroy(new Error("raw request timed out")));
    socket.on("data", (chunk) => (data += chunk));
    socket.on("end", () => resolve({ status: Number(data.split(" ")[1]), text: data }));
    socket.on("error", reject);
    socket.write(`${head}\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });

const port = await freePort();
const token = randomBytes(32).toString("hex");
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("OVH_")));
const tool = spawn(toolPath, ["--demo", "--http", "--http-url", `http://127.0.0.1:${port}`], {
  env: { ...env, OVH_IKVM_HTTP_TOKEN: token },
  stdio: ["ignore", "pipe", "pipe"],
});
let stdout = "";
let stderr = "";
tool.stdout.on("data", (chunk) => (stdout += chunk));
const listening = new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`the tool did not start serving within 60 s: ${stderr}`)), 60000);
  tool.stderr.on("data", (chunk) => {
    stderr += chunk;
    if (stderr.includes("serving MCP (Streamable HTTP)")) {
      clearTimeout(timer);
      resolve();
    }
  });
  tool.once("exit", (code) => reject(new Error(`the tool exited with ${code}: ${stderr}`)));
});

try {
  await listening;
  const endpoint = new URL(`http://127.0.0.1:${port}/mcp`);
  const transport = new StreamableHTTPClientTransport(endpoint, { requestInit: { headers: { Authorization: `Bearer ${token}` } } });
  const client = new Client({ name: "ovh-ikvm-mcp-ci-http", version: "1.0.0" }, { capabilities: {} });
  await client.connect(transport);
  check("http initialize: server name", client.getServerVersion()?.name === "ovh-ikvm-mcp");
  const names = (await client.listTools()).tools.map((t) => t.name).sort();
  check("http tools/list", JSON.stringify(names) === JSON.stringify(["get_screenshot", "list_servers", "wait_for_console"]), JSON.stringify(names));
  const servers = JSON.parse((await client.callTool({ name: "list_servers", arguments: {} })).content?.[0]?.text ?? "[]");
  check("http list_servers: the demo fleet", servers.length === 6, JSON.stringify(servers).slice(0, 200));
  const progress = [];
  const shot = await client.callTool(
    { name: "get_screenshot", arguments: { serverId: servers.find((s) => s.consoleAvailable)?.id } },
    undefined,
    { onprogress: (p) => progress.push(p.message), timeout: 120000 },
  );
  const png = Buffer.from(shot.content?.find((c) => c.type === "image")?.data ?? "", "base64");
  check("http get_screenshot: a PNG", shot.isError !== true && png.subarray(1, 4).toString() === "PNG", JSON.stringify(shot).slice(0, 200));
  check("http get_screenshot: progress notifications on the response stream", progress.length > 0);
  await client.close();

  const call = JSON.stringify({ jsonrpc: "2.0", id: 9, method: "tools/call", params: { name: "list_servers", arguments: {} } });
  for (const path of ["/mcp", "/MCP", "/Mcp", "/%4DCP", "/x/../mcp", "/mcp/"]) {
    const answer = await rawRequest(port, `POST ${path} HTTP/1.1`, call);
    check(`hostile client: POST ${path} without a token is not served`, [401, 404].includes(answer.status) && !answer.text.includes("jsonrpc"), answer.text.slice(0, 200));
  }
  const wrong = await rawRequest(port, "POST /MCP HTTP/1.1\r\nAuthorization: Bearer " + "0".repeat(64), call);
  check("hostile client: a wrong token gets 401", wrong.status === 401, wrong.text.slice(0, 200));
  const foreign = await rawRequest(port, `POST /mcp HTTP/1.1\r\nAuthorization: Bearer ${token}\r\nOrigin: https://evil.example`, call);
  check("hostile page: a foreign Origin gets 403", foreign.status === 403, foreign.text.slice(0, 200));
} catch (error) {
  check("http scenario ran to the end", false, String(error));
} finally {
  tool.kill("SIGTERM");
}

check("http: stdout stays empty (logs and the banner go to stderr)", stdout.length === 0, stdout.slice(0, 200));
check("http: the bearer token chosen by the user is never printed", !stderr.includes(token));
for (const secret of ["simApplicationSecret000000000001", "simConsumerKey000000000000000001"]) {
  check("http: the simulated account's secrets never reached stderr", !stderr.includes(secret));
}

finish();
