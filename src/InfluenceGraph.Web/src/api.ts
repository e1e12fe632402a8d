// Calls to the InfluenceGraph API (same origin). Problems (RFC 9457) become ApiError with the
// server's detail; a 202 (work running as a job) can be followed until the job ends.

export interface Problem { type?: string; title?: string; status?: number; detail?: string; parameter?: string; [k: string]: unknown }

export class ApiError extends Error {
  constructor(public status: number, public problem: Problem | null, message: string) { super(message); }
}

const KEY_STORAGE = "influencegraph.apiKey";

export function apiKey(): string | null {
  try { return sessionStorage.getItem(KEY_STORAGE); } catch { return null; }
}

export function setApiKey(key: string | null): void {
  try { if (key) sessionStorage.setItem(KEY_STORAGE, key); else sessionStorage.removeItem(KEY_STORAGE); } catch { /* storage disabled */ }
}

function headers(extra?: Record<string, string>): Record<string, string> {
  const h: Record<string, string> = { Accept: "application/json", ...extra };
  const key = apiKey();
  if (key) h["X-Api-Key"] = key;
  return h;
}

async function toError(res: Response): Promise<ApiError> {
  let problem: Problem | null = null;
  try { problem = await res.json(); } catch { /* not JSON */ }
  const msg = problem?.detail || problem?.title || `${res.status} ${res.statusText}`;
  return new ApiError(res.status, problem, msg);
}

export interface JobStatus {
  id: string; kind: string; graph: string; state: string; progress: number; message: string | null;
  createdAt: string; startedAt: string | null; finishedAt: string | null; elapsedMs: number; result: string | null;
  steps: { name: string; state: string; elapsedMs: number; result: string | null }[];
  import: ImportReport | null; error: { type: string; title: string; status: number; detail: string } | null;
}

export interface ImportReport {
  batchId: number; graph: string; kind: string; source: string | null; format: string; mode: string;
  rowsRead: number; edgesAdded: number; duplicatesSkipped: number; selfLoops: number; selfLoopsKept: boolean;
  accountsAdded: number; accountsUpdated: number; accountsNotInGraph: number; rejectedCount: number;
  rejections: { line: number; field: string | null; reason: string }[]; applied: boolean; versionAfter: number; elapsedMs: number;
}

export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { headers: headers(), signal });
  if (!res.ok) throw await toError(res);
  return res.json() as Promise<T>;
}

/** GET that follows a 202 job: reports its progress, waits for it, then asks again. */
export async function getFollowingJobs<T>(url: string, signal: AbortSignal, onJob?: (job: JobStatus) => void): Promise<T> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const res = await fetch(url, { headers: headers(), signal });
    if (res.status === 202) {
      const job = (await res.json()) as JobStatus;
      await waitForJob(job.id, signal, onJob);
      continue;
    }
    if (!res.ok) throw await toError(res);
    return res.json() as Promise<T>;
  }
  throw new Error("The server kept answering 202 (job) for " + url);
}

export async function waitForJob(id: string, signal: AbortSignal, onJob?: (job: JobStatus) => void): Promise<JobStatus> {
  for (;;) {
    const job = await getJson<JobStatus>(`/jobs/${encodeURIComponent(id)}`, signal);
    onJob?.(job);
    if (job.state === "succeeded") return job;
    if (job.state === "failed" || job.state === "cancelled")
      throw new ApiError(job.error?.status ?? 500, null, `Job ${job.id} ${job.state}: ${job.error?.detail ?? job.message ?? ""}`);
    await sleep(500, signal);
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => { clearTimeout(t); reject(new DOMException("aborted", "AbortError")); }, { once: true });
  });
}

/** A write (POST/DELETE) with a JSON body; answers the parsed JSON and the status. */
export async function send<T>(method: string, url: string, body?: unknown, signal?: AbortSignal): Promise<{ status: number; body: T }> {
  const res = await fetch(url, {
    method, signal,
    headers: headers(body === undefined ? undefined : { "Content-Type": "application/json" }),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw await toError(res);
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/** Uploads a file as multipart/form-data with upload progress (XHR: fetch has no upload progress). */
export function upload(url: string, file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("Accept", "application/json");
    const key = apiKey();
    if (key) xhr.setRequestHeader("X-Api-Key", key);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => {
      let body: unknown = null;
      try { body = JSON.parse(xhr.responseText); } catch { body = xhr.responseText; }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(new Error("The upload failed (network error)."));
    xhr.onabort = () => reject(new DOMException("aborted", "AbortError"));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append("file", file, file.name);
    xhr.send(form);
  });
}

let capabilities: Promise<Set<string>> | null = null;

/** The API paths this server documents (to tell which optional views it supports). */
export function serverPaths(): Promise<Set<string>> {
  capabilities ??= getJson<{ paths: Record<string, unknown> }>("/openapi/v1.json")
    .then((doc) => new Set(Object.keys(doc.paths ?? {})))
    .catch(() => new Set<string>());
  return capabilities;
}

export async function hasPath(path: string): Promise<boolean> {
  return (await serverPaths()).has(path);
}

export function isAbort(e: unknown): boolean {
  return e instanceof DOMException && e.name === "AbortError";
}

export function graphUrl(graph: string, rest = ""): string {
  return `/graphs/${encodeURIComponent(graph)}${rest}`;
}

/** Account path segment: each '/'-separated piece percent-encoded (the API takes '/' literally or as %2F). */
export function accountPath(account: string): string {
  return encodeURIComponent(account);
}
