// Runs a scripted sequence of real requests against a running InfluenceGraph API and validates every
// JSON response body against the OpenAPI document's schema for the operation and status (OpenAPI 3.1
// schemas are JSON Schema 2020-12: ajv/dist/2020). Fails on an undeclared status, an undeclared
// media type or a body that does not match. Usage: node validate.mjs BASE_URL API_KEY openapi.json
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [base, key, docPath] = process.argv.slice(2);
const doc = JSON.parse(readFileSync(docPath, "utf8"));
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
for (const f of ["int32", "int64", "uint32", "uint64", "double", "float"]) ajv.addFormat(f, { type: "number", validate: (x) => Number.isFinite(x) });
ajv.addSchema({ $id: "openapi.json", components: doc.components });

const rewrite = (s) => JSON.parse(JSON.stringify(s).replaceAll('"$ref":"#/components/', '"$ref":"openapi.json#/components/'));
const compiled = new Map();
const failures = [];
let checked = 0;

function operationOf(method, url) {
  const path = new URL(url).pathname;
  for (const [template, item] of Object.entries(doc.paths)) {
    const re = new RegExp("^" + template.replace(/\{[^}]+\}/g, "[^/]+") + "/?$");
    if (re.test(path) && item[method.toLowerCase()]) return { template, op: item[method.toLowerCase()] };
  }
  return null;
}

async function call(method, path, { body, type, headers = {}, expect } = {}) {
  const url = base + path;
  const init = { method, headers: { "X-Api-Key": key, ...headers } };
  if (body !== undefined) {
    init.body = typeof body === "string" ? body : JSON.stringify(body);
    init.headers["Content-Type"] = type ?? "application/json";
  }
  const res = await fetch(url, init);
  const text = await res.text();
  const label = `${method} ${path} -> ${res.status}`;
  if (expect !== undefined && res.status !== expect) failures.push(`${label}: expected ${expect}: ${text.slice(0, 300)}`);
  const found = operationOf(method, url);
  if (!found) { failures.push(`${label}: no operation in the document`); return { status: res.status, text }; }
  const response = found.op.responses?.[String(res.status)] ?? found.op.responses?.default;
  if (!response) { failures.push(`${label}: status not declared for ${found.op.operationId}`); return { status: res.status, text }; }
  if (res.status === 304 || res.status === 204 || text.length === 0) return { status: res.status, text };
  const mediaType = (res.headers.get("content-type") ?? "").split(";")[0].trim();
  const media = response.content?.[mediaType];
  if (!media) { failures.push(`${label}: media type '${mediaType}' not declared (declared: ${Object.keys(response.content ?? {}).join(", ")})`); return { status: res.status, text }; }
  if (!mediaType.includes("json")) return { status: res.status, text };
  const id = `${found.op.operationId}/${res.status}/${mediaType}`;
  if (!compiled.has(id)) compiled.set(id, ajv.compile(rewrite(media.schema ?? {})));
  const validate = compiled.get(id);
  const json = JSON.parse(text);
  checked++;
  if (!validate(json)) failures.push(`${label}: body does not match ${id}: ${ajv.errorsText(validate.errors, { separator: "; " }).slice(0, 600)}`);
  return { status: res.status, text, json, headers: res.headers };
}

async function waitJob(id) {
  for (let i = 0; i < 240; i++) {
    const r = await call("GET", `/jobs/${id}`, { expect: 200 });
    if (!["queued", "running"].includes(r.json?.state)) return r.json;
    await new Promise((ok) => setTimeout(ok, 250));
  }
  throw new Error(`job ${id} did not finish`);
}

// Graphs and imports.
await call("GET", "/graphs", { expect: 200 });
await call("POST", "/graphs", { body: { name: "oc", duplicateEdges: "collapse", selfLoops: "keep" }, expect: 201 });
await call("POST", "/graphs", { body: { name: "oc" }, expect: 409 });
await call("POST", "/graphs", { body: { name: "bad name!" }, expect: 400 });
await call("POST", "/graphs", { body: "name=x", type: "text/plain", expect: 415 });
const edges = "follower,followee\nalice,bob\ncarol,bob\nbob,carol\ndave,alice\nerin,bob\nerin,carol\nfrank,erin\nbob,alice\n";
await call("POST", "/graphs/oc/edges", { body: edges, type: "text/csv", expect: 200 });
await call("POST", "/graphs/oc/edges?mode=append", { body: "follower followee\ngina alice\n", type: "text/plain", expect: 200 });
await call("POST", "/graphs/oc/edges", { body: "x", type: "application/x-www-form-urlencoded", expect: 415 });
await call("POST", "/graphs/oc/edges", { body: "follower,followee,weight\nalice,bob,abc\n", type: "text/csv", expect: 400 });
await call("POST", "/graphs/oc/accounts", { body: "account,posts,political_share\nbob,140,0.01\nalice,20,0.5\n", type: "text/csv", expect: 200 });
await call("POST", "/graphs/oc/accounts", { body: [{ account: "carol", posts: 3 }], expect: 200 });
await call("GET", "/graphs/oc", { expect: 200 });
await call("GET", "/graphs/nope", { expect: 404 });
const versions = await call("GET", "/graphs/oc/versions", { expect: 200 });
const recorded = (versions.json?.items ?? []).map((v) => v.version);
if (recorded.length >= 2) await call("GET", `/graphs/oc/changes?metric=pagerank&from=${recorded[0]}&to=${recorded[recorded.length - 1]}`, { expect: 200 });
else failures.push(`versions: expected two recorded versions, got ${JSON.stringify(recorded)}`);
await call("GET", "/graphs/oc/changes?metric=pagerank&from=1&to=99", {});

// Rankings (every metric of the catalog, and its aliases), JSON and CSV, paging, ETag.
const metrics = await call("GET", "/metrics", { expect: 200 });
for (const m of metrics.json.metrics ?? metrics.json.items ?? []) {
  const r = await call("GET", `/graphs/oc/rankings/${m.name}?top=3`, {});
  if (r.status === 202) { await waitJob(r.json.id); await call("GET", `/graphs/oc/rankings/${m.name}?top=3`, { expect: 200 }); }
  else if (r.status !== 200) failures.push(`ranking ${m.name}: ${r.status}`);
}
await call("GET", "/graphs/oc/rankings/followers?top=2", { expect: 200 });
const pr = await call("GET", "/graphs/oc/rankings/pagerank?top=2&alpha=0.9", { expect: 200 });
if (pr.json?.nextCursor) await call("GET", `/graphs/oc/rankings/pagerank?alpha=0.9&cursor=${encodeURIComponent(pr.json.nextCursor)}`, { expect: 200 });
const csv = await call("GET", "/graphs/oc/rankings/pagerank?format=csv", { expect: 200 });
const etag = csv.headers?.get("etag");
if (etag) await call("GET", "/graphs/oc/rankings/pagerank?format=csv", { headers: { "If-None-Match": etag }, expect: 304 });
await call("GET", "/graphs/oc/rankings/pagerank?alpha=2", { expect: 400 });
await call("GET", "/graphs/oc/rankings/pagerank?top=0", { expect: 400 });
await call("GET", "/graphs/oc/rankings/pagerank?bogus=1", { expect: 400 });
await call("GET", "/graphs/oc/rankings/nope", { expect: 404 });

// Exports and estimates.
await call("GET", "/graphs/oc/edges?top=3", { expect: 200 });
await call("GET", "/graphs/oc/edges?format=csv", { expect: 200 });
await call("GET", "/graphs/oc/rankings/betweenness/estimate", { expect: 200 });
await call("GET", "/graphs/oc/rankings/pagerank?wait=30&top=2", { expect: 200 });

// Accounts and audiences.
await call("GET", "/graphs/oc/accounts/bob", { expect: 200 });
await call("GET", "/graphs/oc/accounts/@BOB", { expect: 200 });
await call("GET", "/graphs/oc/accounts/zed", { expect: 404 });
await call("GET", "/graphs/oc/accounts/bob/followers?limit=2", { expect: 200 });
await call("GET", "/graphs/oc/accounts/bob/followees", { expect: 200 });
await call("GET", "/graphs/oc/accounts/bob/followers?format=csv", { expect: 200 });
await call("GET", "/graphs/oc/accounts/bob/audience?hops=2", { expect: 200 });
await call("POST", "/graphs/oc/audience", { body: { accounts: ["bob", "carol"], hops: 2 }, expect: 200 });
await call("POST", "/graphs/oc/audience", { body: "bob", type: "text/plain", expect: 415 });
await call("GET", "/graphs/oc/paths?from=frank&to=bob", { expect: 200 });
await call("GET", "/graphs/oc/ego-network?account=bob", { expect: 200 });
await call("GET", "/graphs/oc/overview-network?limit=5", {});

// Influencers, guest lists, communities.
let inf = await call("GET", "/graphs/oc/influencers?top=5", {});
if (inf.status === 202) { await waitJob(inf.json.id); inf = await call("GET", "/graphs/oc/influencers?top=5", { expect: 200 }); }
await call("GET", "/graphs/oc/influencers?format=csv", {});
let gl = await call("POST", "/graphs/oc/guest-lists", { body: { size: 2, objective: "audience", hops: 2, eligible: "all" } });
if (gl.status === 202) { const j = await waitJob(gl.json.id); if (j.result) gl = await call("GET", j.result, {}); }
if (gl.json?.id) await call("GET", `/graphs/oc/guest-lists/${gl.json.id}`, { expect: 200 });
let comm = await call("GET", "/graphs/oc/communities?format=json", {});
if (comm.status === 202) { await waitJob(comm.json.id); comm = await call("GET", "/graphs/oc/communities?format=json", { expect: 200 }); }
await call("GET", "/graphs/oc/communities/membership?format=json", {});
if (comm.json?.items?.[0]) await call("GET", `/graphs/oc/communities/${comm.json.items[0].id}`, {});

// Analyses and jobs.
const an = await call("POST", "/graphs/oc/analyses", { body: { metrics: ["pagerank", "betweenness"], options: { alpha: 0.9 } }, expect: 202 });
if (an.json?.id) await waitJob(an.json.id);
await call("POST", "/graphs/oc/analyses", { body: "pagerank", type: "text/plain", expect: 415 });
await call("POST", "/graphs/oc/analyses", { body: { metrics: ["nope"] }, expect: 400 });
await call("GET", "/jobs", { expect: 200 });
await call("GET", "/jobs/nope", { expect: 404 });
await call("GET", "/problems", { expect: 200 });
await call("GET", "/problems/invalid-parameter", { expect: 200 });

// Writes without the key.
const res = await fetch(base + "/graphs", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ name: "x" }) });
if (res.status !== 401) failures.push(`POST /graphs without key: ${res.status}`);
await call("DELETE", "/graphs/oc", { expect: 204 });

console.log(`validated ${checked} JSON bodies against the document`);
if (failures.length) {
  for (const f of failures) console.error("FAIL " + f);
  process.exit(1);
}
