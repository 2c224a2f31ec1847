// What every CI client scenario shares: pass/fail bookkeeping with the closing line .ci/run adds up, and a free
// loopback port.
import { createServer } from "node:net";

export function createChecks() {
  let passed = 0;
  let failed = 0;
  return {
    check(name, condition, detail = "") {
      if (condition) {
        passed++;
        console.log(`ok   ${name}`);
      } else {
        failed++;
        console.log(`FAIL ${name} ${detail}`);
      }
    },
    finish() {
      console.log(`mcp-client: ${passed} passed, ${failed} failed`);
      process.exit(failed === 0 ? 0 : 1);
    },
  };
}

export const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
