// Runs every command of an installed ovh-ikvm-mcp executable (CI gives it the Native AOT one, so reflection the
// trimmer removed would show here): demo, servers, screenshot and doctor against a direct VNC target (TigerVNC's
// Xvnc on loopback), and credentials against a stand-in OVH API on loopback.
// Usage: node cli-smoke.mjs <path-to-ovh-ikvm-mcp>
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { createChecks, freePort } from "./checks.mjs";

const [toolPath] = process.argv.slice(2);
if (!toolPath) {
  console.error("usage: node cli-smoke.mjs <tool>");
  process.exit(2);
}

const { check, finish } = createChecks();
const workDir = mkdtempSync(join(tmpdir(), "cli-smoke-"));
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("OVH_")));
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const pngSize = (file) => {
  const png = readFileSync(file);
  return png.subarray(0, 8).equals(PNG) ? `${png.readUInt32BE(16)}x${png.readUInt32BE(20)}` : "not a PNG";
};
// The tool runs asynchronously so that the stand-in OVH API, served from this process, can answer it.
const run = (args, extraEnv = {}) =>
  new Promise((resolve) => {
    const child = spawn(toolPath, args, { env: { ...env, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    const timer = setTimeout(() => child.kill("SIGKILL"), 120000);
    child.on("close", (status) => {
      clearTimeout(timer);
      console.log(`     $ ovh-ikvm-mcp ${args.join(" ")} -> ${status}`);
      resolve({ status, stdout, stderr });
    });
  });

const version = await run(["--version"]);
check("--version", version.status === 0 && /^\d+\.\d+\.\d+/.test(version.stdout), version.stdout + version.stderr);

const demoDir = join(workDir, "demo");
const demo = await run(["demo", "-o", demoDir]);
const demoPngs = demo.status === 0 ? readdirSync(demoDir).filter((f) => f.endsWith(".png")) : [];
check("demo: five console screenshots (one per demo server with an HTML5 console) through the AMI pipeline", demo.status === 0 && demoPngs.length === 5 && demoPngs.every((f) => pngSize(join(demoDir, f)) !== "not a PNG"), demo.stderr.slice(-400));

// A direct VNC target: Xvnc on loopback, no VNC password (the RFB path end to end).
const vncPort = await freePort();
const xvnc = spawn("Xvnc", ["-displayfd", "1", "-rfbport", String(vncPort), "-localhost", "-nolisten", "tcp", "-SecurityTypes", "None", "-geometry", "1024x768", "-depth", "24", "-retro"], { stdio: ["ignore", "pipe", "ignore"] });
const display = await new Promise((resolve) => createInterface({ input: xvnc.stdout }).once("line", resolve));
console.log(`     Xvnc display :${display.trim()} on 127.0.0.1:${vncPort}`);
const targets = join(workDir, "targets.json");
writeFileSync(targets, JSON.stringify({ targets: [{ id: "xvnc", name: "Xvnc lab console", type: "vnc", url: `vnc://127.0.0.1:${vncPort}` }] }));

const servers = await run(["servers", "--json", "--targets", targets]);
let listed = [];
try {
  listed = JSON.parse(servers.stdout);
} catch {}
check("servers --json: the direct target", servers.status === 0 && listed.length === 1 && listed[0].id === "xvnc" && listed[0].provider === "direct", servers.stdout + servers.stderr);

const shotFile = join(workDir, "xvnc.png");
const shot = await run(["screenshot", "xvnc", "--raw", "-o", shotFile, "--targets", targets]);
check("screenshot --raw over RFB: a 1024x768 PNG", shot.status === 0 && pngSize(shotFile) === "1024x768", shot.stderr.slice(-400));

const doctor = await run(["doctor", "--json", "--targets", targets]);
let report = null;
try {
  report = JSON.parse(doctor.stdout);
} catch {}
const targetCheck = report?.checks?.find((c) => c.check.includes("xvnc"));
check("doctor --json: the target is reachable, exit code 0", doctor.status === 0 && report?.ok === true && targetCheck?.status === "ok", doctor.stdout + doctor.stderr);
xvnc.kill();

// A stand-in for OVH's POST /auth/credential: it answers as OVH does and keeps what was asked.
const requests = [];
const ovh = createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    requests.push({ method: req.method, url: req.url, body, applicationKey: req.headers["x-ovh-application"] });
    res.setHeader("Content-Type", "application/json");
    if (req.method === "POST" && req.url.endsWith("/auth/credential")) {
      res.end(JSON.stringify({ validationUrl: "https://eu.api.ovh.com/auth/?credentialToken=ci-token", consumerKey: "ciConsumerKey0000000000000000001", state: "pendingValidation" }));
    } else if (req.url.endsWith("/auth/time")) {
      res.end(String(Math.floor(Date.now() / 1000)));
    } else {
      res.statusCode = 404;
      res.end(JSON.stringify({ message: "Got an invalid (or empty) URL" }));
    }
  });
});
const ovhPort = await freePort();
await new Promise((resolve) => ovh.listen(ovhPort, "127.0.0.1", resolve));
const credentials = await run(["credentials"], { OVH_APPLICATION_KEY: "ciApplicationKey", OVH_IKVM_API_URL: `http://127.0.0.1:${ovhPort}/1.0` });
ovh.close();
const asked = requests.find((r) => r.url.endsWith("/auth/credential"));
let rules = [];
try {
  rules = JSON.parse(asked?.body ?? "{}").accessRules ?? [];
} catch {}
check("credentials: asks for the access rules, signed with the application key", asked?.applicationKey === "ciApplicationKey" && rules.length > 0 && rules.every((r) => r.method === "GET" || r.method === "POST"), JSON.stringify(requests));
check("credentials: prints the validation URL and the new consumer key", credentials.status === 0 && credentials.stdout.includes("credentialToken=ci-token") && credentials.stdout.includes("ciConsumerKey0000000000000000001"), credentials.stdout + credentials.stderr);

rmSync(workDir, { recursive: true, force: true });
finish();
