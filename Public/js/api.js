// HTTP access to the Convergence API. Every failure becomes an ApiError whose message is fit to
// show to a user: the RFC 9457 problem's title and detail when the service sent one, otherwise
// what happened (unreachable, another status).

export class ApiError extends Error {
  constructor(message, { status = 0, problem = null, network = false, path = '' } = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    this.network = network;
    this.path = path;
  }
}

// Paths are relative so the dashboard also works when the service sits under a path prefix.
function url(path) {
  return path.replace(/^\//, '');
}

// An error answer: an RFC 9457 problem (application/problem+json: title, detail and, for a bad
// request, the JSON pointer of each field at fault), or whatever else a proxy in between sent.
async function problemFrom(response, path) {
  const type = response.headers.get('Content-Type') ?? '';
  let problem = null;
  if (type.startsWith('application/problem+json')) {
    try {
      problem = await response.json();
    } catch {
      problem = null;
    }
  }
  if (!problem) {
    return new ApiError(`${path}: HTTP ${response.status} ${response.statusText}`.trim(), { status: response.status, path });
  }
  const parts = [`${problem.title}: ${problem.detail}`];
  for (const e of problem.errors ?? []) {
    if (!problem.detail.includes(e.detail)) parts.push(`${e.pointer} ${e.detail}`);
  }
  return new ApiError(`${path}: ${parts.join('; ')}`, { status: response.status, problem, path });
}

async function send(path, init) {
  let response;
  try {
    response = await fetch(url(path), init);
  } catch (err) {
    if (err && err.name === 'AbortError') throw err;
    throw new ApiError(`${path}: the service is unreachable (${err && err.message ? err.message : 'network error'})`,
      { network: true, path });
  }
  return response;
}

async function json(response, path) {
  try {
    return await response.json();
  } catch {
    throw new ApiError(`${path}: the response is not valid JSON`, { status: response.status, path });
  }
}

export async function getJSON(path, { signal } = {}) {
  const response = await send(path, { headers: { Accept: 'application/json' }, signal });
  if (!response.ok) throw await problemFrom(response, path);
  return json(response, path);
}

export async function postJSON(path, body, { signal } = {}) {
  const response = await send(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
  if (!response.ok) throw await problemFrom(response, path);
  return json(response, path);
}

// A conditional GET for polling: the caller keeps the ETag. `cache: 'no-store'` keeps the browser
// cache out of the way so a 304 reaches this code instead of being turned into a cached 200.
export async function getIfChanged(path, etag) {
  const headers = { Accept: 'application/json' };
  if (etag) headers['If-None-Match'] = etag;
  const response = await send(path, { headers, cache: 'no-store' });
  if (response.status === 304) return { changed: false, etag };
  if (!response.ok) throw await problemFrom(response, path);
  const text = await response.text();
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ApiError(`${path}: the response is not valid JSON`, { status: response.status, path });
  }
  return { changed: true, etag: response.headers.get('ETag'), data, text };
}
