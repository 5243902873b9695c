// The official MCP TypeScript SDK's client against intercom-mcp, over stdio and over
// streamable HTTP (run by tests/mcp/node_client.rs, which passes MCP_TEST_CONFIG: the binary,
// the loopback Intercom's URL, the token, and the expected counts from the operation table).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { request } from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const config = JSON.parse(process.env.MCP_TEST_CONFIG);
let checks = 0;
const check = (what, fn) => {
  fn();
  checks += 1;
  console.log(`ok ${checks} - ${what}`);
};
const textOf = (result) => result.content.filter((c) => c.type === "text").map((c) => c.text).join("");
const outputs = [];
const call = async (client, name, args) => {
  const result = await client.callTool({ name, arguments: args });
  outputs.push(textOf(result));
  return result;
};

async function stdio(args) {
  const transport = new StdioClientTransport({
    command: config.binary,
    args: [...args, "--base-url", config.baseUrl],
    env: { INTERCOM_TOKEN: config.token },
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk) => (stderr += chunk));
  const client = new Client({ name: "intercom-mcp-node-test", version: "0.0.0" });
  await client.connect(transport);
  return { client, close: async () => (await client.close(), stderr) };
}

// stdio, one tool per operation, read-only contacts.
{
  const { client, close } = await stdio(["--resources", "contacts"]);
  check("initialize: server name and instructions", () => {
    assert.equal(client.getServerVersion().name, "intercom-mcp");
    assert.ok(client.getServerCapabilities().tools);
    assert.match(client.getInstructions(), new RegExp(`Intercom API ${config.apiVersion.replace(".", "\\.")}`));
  });
  const { tools } = await client.listTools();
  check(`tools/list: ${config.contactsRead} read-only contacts tools`, () => {
    assert.equal(tools.length, config.contactsRead);
    for (const tool of tools) {
      assert.ok(tool.name.startsWith("contacts_"), tool.name);
      assert.equal(tool.annotations.readOnlyHint, true, tool.name);
      assert.equal(tool.inputSchema.type, "object");
    }
    const get = tools.find((t) => t.name === "contacts_get");
    assert.deepEqual(get.inputSchema.required, ["contact_id"]);
    assert.equal(get.annotations.idempotentHint, true);
    assert.match(get.description, /GET \/contacts\/\{contact_id\}/);
  });
  const got = await call(client, "contacts_get", { contact_id: "123" });
  check("a read call succeeds", () => {
    assert.notEqual(got.isError, true, textOf(got));
    assert.equal(JSON.parse(textOf(got)).id, "123");
  });
  const refused = await call(client, "contacts_create", { email: "a@example.com" });
  check("a write call is refused under --allow read, naming the flag", () => {
    assert.equal(refused.isError, true);
    assert.match(textOf(refused), /--allow write/);
  });
  const missing = await call(client, "contacts_get", {});
  check("a missing field is named", () => {
    assert.equal(missing.isError, true);
    assert.match(textOf(missing), /missing field "contact_id"/);
    assert.equal(missing.structuredContent.error.field, "contact_id");
  });
  const notFound = await call(client, "contacts_get", { contact_id: "404" });
  check("Intercom's 404 comes back with its request id", () => {
    assert.equal(notFound.isError, true);
    assert.ok(textOf(notFound).includes(config.requestId), textOf(notFound));
    assert.equal(notFound.structuredContent.error.request_id, config.requestId);
    assert.equal(notFound.structuredContent.error.status, 404);
  });
  const paged = await call(client, "contacts_list", { per_page: 2, max_items: 3 });
  check("max_items collects across pages", () => {
    const answer = JSON.parse(textOf(paged));
    assert.equal(answer.items.length, 3);
    assert.equal(answer.pages, 2);
    assert.equal(answer.limit_reached, true);
  });
  const stderr = await close();
  check("the token is in no output and no log", () => {
    assert.ok(!stderr.includes(config.token));
    for (const output of outputs) assert.ok(!output.includes(config.token));
  });
}

// stdio, dynamic mode over everything read-only.
{
  const { client, close } = await stdio(["--tools", "dynamic"]);
  const { tools } = await client.listTools();
  check("dynamic: three tools", () => {
    assert.deepEqual(tools.map((t) => t.name), ["search_operations", "describe_operation", "call_operation"]);
  });
  const found = await call(client, "search_operations", { query: "", limit: 250 });
  check(`dynamic: search lists the ${config.readAll} operations served`, () => {
    const answer = JSON.parse(textOf(found));
    assert.equal(answer.matching, config.readAll);
    assert.ok(answer.operations.every((op) => op.risk === "read"));
    assert.ok(answer.operations.every((op) => op.reaches_end_users === false));
  });
  const refused = await call(client, "call_operation", { name: "contacts.update", input: { contact_id: "1" } });
  check("dynamic: a write call is refused, naming the flag", () => {
    assert.equal(refused.isError, true);
    assert.match(textOf(refused), /--allow write/);
  });
  await close();
}

// streamable HTTP on loopback, write level.
{
  const child = spawn(
    config.binary,
    ["--http", "127.0.0.1:0", "--resources", "contacts", "--allow", "write", "--base-url", config.baseUrl],
    { env: { ...process.env, INTERCOM_TOKEN: config.token }, stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL on stderr: ${stderr}`)), 10000);
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      const found = stderr.match(/listening on (http:\/\/\S+)\r?\n/); // a whole line: chunks can split it
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
    child.on("exit", (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  check("http: the endpoint is on loopback", () => assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/mcp$/));
  const client = new Client({ name: "intercom-mcp-node-test", version: "0.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  const { tools } = await client.listTools();
  check(`http: tools/list: ${config.contactsWrite} contacts tools at --allow write`, () => {
    assert.equal(tools.length, config.contactsWrite);
    assert.ok(tools.some((t) => t.annotations.readOnlyHint === false));
    assert.ok(tools.every((t) => t.annotations.destructiveHint === false));
    assert.ok(tools.every((t) => t.annotations.openWorldHint === false));
  });
  const got = await call(client, "contacts_get", { contact_id: "9" });
  check("http: a read call succeeds", () => assert.equal(JSON.parse(textOf(got)).id, "9"));
  const other = await fetch(url.replace(/\/mcp$/, "/other"));
  check("http: other paths are 404", () => assert.equal(other.status, 404));
  // A POST of initialize with extra headers, by node:http (fetch may not set Host).
  const status = (headers) =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify({
        jsonrpc: "2.0", id: 1, method: "initialize",
        params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "h", version: "0" } },
      });
      const req = request(url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
      }, (res) => (res.resume(), resolve(res.statusCode)));
      req.on("error", reject);
      req.end(body);
    });
  const port = new URL(url).port;
  const [rebound, foreign, local] = [
    await status({ host: `evil.example:${port}` }),
    await status({ origin: "http://evil.example" }),
    await status({ origin: `http://localhost:${port}` }),
  ];
  check("http: a foreign Host (DNS rebinding) or browser Origin is 403; a loopback one is served", () => {
    assert.equal(rebound, 403);
    assert.equal(foreign, 403);
    assert.equal(local, 200);
  });
  await client.close();
  child.kill();
  check("http: the token is in no output and no log", () => {
    assert.ok(!stderr.includes(config.token));
    for (const output of outputs) assert.ok(!output.includes(config.token));
  });
}

console.log(`all checks passed (${checks})`);
