'use strict';
/**
 * Seedance API simulator: the fake far end for the node's tests, the e2e tests in real n8n and the
 * `npm start` demo. Behaviour follows /work/shared/seedance-api.md (see README.md here for what it
 * does and the few interpretations). Plain CommonJS, Node builtins only.
 *
 *   const { startSimulator } = require('./test/simulator');
 *   const sim = await startSimulator({ apiKeys: ['sk-test'] });
 *   … sim.arkUrl / sim.chainhubUrl …
 *   await sim.close();
 *
 * Layout: errors.js (error bodies), models.js (capabilities), validate.js (request rules),
 * tasks.js (store + state machine), faults.js (fault injection), files.js (video host),
 * callbacks.js (callback_url), images.js (Seedream image requests), imageFiles.js (the images
 * made and their host), routes.js (URL → handler); this file wires them into a server.
 */
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const path = require('path');
const { EventEmitter } = require('events');
const { SimError, errorBody, newRequestId, unauthorized, routeNotFound } = require('./errors');
const { TaskStore, publicTask } = require('./tasks');
const { FaultBook, faultError, htmlPage, MALFORMED_JSON } = require('./faults');
const { serveFile, FIXTURES, VIDEO } = require('./files');
const { Callbacks } = require('./callbacks');
const { matchRoute, HANDLERS } = require('./routes');
const { STATUSES, TRIGGERS, outcomeOf, validateCreate } = require('./validate');
const { ImageStore, IMAGE_TRIGGERS, sendEvents } = require('./images');

const MAX_BODY = 64 * 1024 * 1024; // BytePlus caps a request body at 64 MB

/** The real clock; tests pass a virtual one (test/helpers/virtualClock.ts) that shares the node's time. */
const REAL_CLOCK = {
	now: () => Date.now(),
	setTimeout: (fire, ms) => setTimeout(fire, ms),
	clearTimeout: (timer) => clearTimeout(timer),
	park: () => {},
	unpark: () => {},
	begin: () => {},
	end: () => {},
};

const DEFAULTS = {
	port: 0,
	host: '127.0.0.1',
	apiKeys: ['sk-test'],
	progress: 'polls',
	queuedPolls: 1,
	runningPolls: 1,
	queuedMs: 2000,
	runningMs: 5000,
	staggerMs: 0,
	callbackTimeoutMs: 5000,
};

const zeroStats = () => ({
	requests: 0,
	createAttempts: 0,
	created: 0,
	rateLimited: 0,
	authFailures: 0,
	validationErrors: 0,
	gets: 0,
	lists: 0,
	deletes: 0,
	cancelled: 0,
	deleted: 0,
	fileDownloads: 0,
	imageRequests: 0,
	imagesGenerated: 0,
	imageDownloads: 0,
	faultsFired: 0,
	firstCreatedAt: null,
	lastCreatedAt: null,
});

// ---- small HTTP helpers ------------------------------------------------------------------------------

function parseQuery(searchParams) {
	const q = {};
	for (const [k, v] of searchParams) {
		if (k in q) q[k] = [].concat(q[k], v);
		else q[k] = v;
	}
	return q;
}

function parseBody(buf) {
	if (buf.length === 0) return undefined;
	const text = buf.toString('utf8');
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/** Headers as received, except the Authorization value, which is never stored. */
function redactHeaders(headers) {
	const out = { ...headers };
	if (out.authorization !== undefined) out.authorization = '[redacted]';
	return out;
}

function send(res, status, body, headers = {}) {
	if (res.destroyed || res.headersSent) return;
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	res.writeHead(status, {
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': Buffer.byteLength(text),
		...headers,
	});
	res.end(text);
}

function sendError(res, err, requestId, httpStatus = err.status) {
	send(res, httpStatus, errorBody(err.code, err.message, err.param, err.status, requestId), {
		'X-Request-Id': requestId,
		...err.headers,
	});
}

function readBody(req) {
	return new Promise((resolve) => {
		const chunks = [];
		let size = 0;
		let tooLarge = false;
		req.on('data', (c) => {
			size += c.length;
			if (size > MAX_BODY) tooLarge = true;
			else chunks.push(c);
		});
		req.on('end', () => resolve({ buf: Buffer.concat(chunks), tooLarge }));
		req.on('error', () => resolve({ buf: Buffer.concat(chunks), tooLarge, aborted: true }));
		req.on('aborted', () => resolve({ buf: Buffer.concat(chunks), tooLarge, aborted: true }));
	});
}

/** A video URL answering something that is not a video, with 200 (the `not-video` fault). */
function notVideo(res, fault) {
	const kinds = {
		html: ['text/html; charset=utf-8', '<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><form action="/login">Sign in to continue</form></body></html>\n'],
		json: ['application/json', JSON.stringify({ error: { code: 'AccessDenied', message: 'The signature of this URL is not valid' } })],
		empty: ['video/mp4', ''],
		text: ['video/mp4', 'this is not a video at all, only some text that says so\n'],
	};
	const [type, body] = kinds[fault.body ?? 'html'];
	res.writeHead(200, { 'Content-Type': fault.contentType ?? type, 'Content-Length': Buffer.byteLength(body) });
	res.end(body);
}

// ---- the simulator -----------------------------------------------------------------------------------

class Simulator extends EventEmitter {
	constructor(options) {
		super();
		this.options = { ...DEFAULTS, ...options };
		const o = this.options;
		/** Every time the simulator reads or waits on (answers held on a real delay excepted). */
		this.clock = { ...REAL_CLOCK, ...(o.clock ?? {}) };
		if (!['polls', 'time'].includes(o.progress)) throw new TypeError(`progress must be 'polls' or 'time'`);
		if (!Array.isArray(o.apiKeys) || o.apiKeys.length === 0) throw new TypeError('apiKeys must be a non-empty array');
		this.apiKeys = new Set(o.apiKeys);
		this.requests = [];
		this.stats = zeroStats();
		this.faults = new FaultBook();
		this.callbackSender = new Callbacks({ timeoutMs: o.callbackTimeoutMs, now: () => this.clock.now() });
		this.callbacks = this.callbackSender.log;
		this.store = new TaskStore({
			progress: o.progress,
			queuedPolls: o.queuedPolls,
			runningPolls: o.runningPolls,
			queuedMs: o.queuedMs,
			runningMs: o.runningMs,
			staggerMs: o.staggerMs,
			clock: this.clock,
			origin: () => this.origin,
			onStatus: (task) => this.onStatus(task),
		});
		this.tasks = this.store.tasks;
		this.imageStore = new ImageStore({
			origin: () => this.origin,
			now: () => this.clock.now() + this.store.clockOffsetMs,
			time: () => this.clock.now(),
			imageBytes: o.imageBytes,
		});
		/** Every image made, oldest first. */
		this.images = this.imageStore.records;
		/** Ids of tasks made by someone else (the `others` of a create fault). */
		this.foreign = new Set();
		this.delays = new Set();
		this.server = http.createServer((req, res) => {
			this.handle(req, res).catch((err) => {
				// A bug in the simulator itself: answer 500 rather than hang the client.
				sendError(res, new SimError('InternalServiceError', `Simulator error: ${err && err.message}`), newRequestId());
			});
		});
	}

	listen() {
		const { port, host } = this.options;
		return new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, host, () => {
				this.server.off('error', reject);
				this.port = this.server.address().port;
				const h = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
				this.origin = (this.options.publicOrigin || `http://${h}:${this.port}`).replace(/\/$/, '');
				this.arkUrl = `${this.origin}/api/v3`;
				this.chainhubUrl = `${this.origin}/volc/v1`;
				this.otherOrigin = `http://localhost:${this.port}`;
				resolve(this);
			});
		});
	}

	onStatus(task) {
		const copy = publicTask(task);
		const meta = this.store.meta.get(task.id);
		if (meta && meta.params.callback_url) this.callbackSender.notify(meta.params.callback_url, copy);
		this.emit('status', copy);
	}

	// ---- request pipeline: record → fault(before/delay) → auth → rate limit → handler → fault(after)

	async handle(req, res) {
		const started = this.clock.now();
		const url = new URL(req.url, 'http://simulator.invalid');
		const urlPath = url.pathname;
		const query = parseQuery(url.searchParams);
		const { buf, tooLarge, aborted } = await readBody(req);
		const auth = this.checkAuth(req.headers.authorization);
		const { route, flavour, id, file } = matchRoute(req.method, urlPath);
		const record = {
			method: req.method,
			path: urlPath,
			query,
			headers: redactHeaders(req.headers),
			body: tooLarge ? undefined : parseBody(buf),
			time: started,
			route,
			auth,
			...(aborted ? { cutShort: true } : {}),
		};
		this.requests.push(record);
		this.stats.requests += 1;
		if (route === 'create') this.stats.createAttempts += 1;
		if (route === 'images') this.stats.imageRequests += 1;
		// A body that broke off before its end is never handled, as by a real server.
		if (aborted) return;

		let outcome = '';
		res.on('close', () => {
			const line = `${req.method} ${urlPath}${url.search} ${res.headersSent ? res.statusCode : 'no-answer'} ${this.clock.now() - started}ms${outcome}`;
			if (this.options.log) this.options.log(line);
			this.emit('request', { ...record, status: res.headersSent ? res.statusCode : undefined });
		});

		const requestId = newRequestId();
		const faultable = ['create', 'get', 'list', 'delete', 'images', 'file'].includes(route);
		const fault = faultable ? this.faults.take(route) : undefined;
		if (fault) {
			this.stats.faultsFired += 1;
			outcome = ` [fault ${fault.kind}]`;
		}

		if (fault && fault.phase === 'query') for (const key of Object.keys(query)) delete query[key];

		// Faults that replace the work.
		if (fault && fault.phase === 'before' && fault.others && route === 'create' && fault.kind !== 'gateway-late') {
			this.createOthers(undefined, fault.others, record.body);
		}
		if (fault && fault.phase === 'before') {
			switch (fault.kind) {
				case 'gateway-late': {
					const status = fault.status ?? 504;
					const page = htmlPage(status);
					res.writeHead(status, { 'Content-Type': 'text/html', 'Content-Length': Buffer.byteLength(page), Server: 'nginx' });
					res.end(page);
					// The upstream still commits the create, after the gateway gave up.
					if (auth === 'valid' && (await this.sleep(fault.delayMs ?? 0))) this.createLate(record.body, flavour, fault, route);
					return;
				}
				case 'echo-key':
					return sendError(
						res,
						faultError({ ...fault, message: `Upstream refused the request with header Authorization: ${req.headers.authorization} (key ${String(req.headers.authorization).slice(7)})` }, 500),
						requestId,
					);
				case 'cut':
				case 'stall':
					return this.spoilDownload(req, res, file, fault);
				case 'reset-before':
					req.socket.destroy();
					return;
				case 'status':
					return sendError(res, faultError(fault, 500), requestId);
				case 'html': {
					const status = fault.status ?? 502;
					const page = htmlPage(status);
					res.writeHead(status, { 'Content-Type': 'text/html', 'Content-Length': Buffer.byteLength(page), Server: 'nginx' });
					return res.end(page);
				}
				case 'error-200':
					return sendError(res, faultError(fault, 500), requestId, 200);
				case 'redirect': {
					const location = fault.location ?? (fault.toOtherOrigin ? `${this.otherOrigin}${req.url}` : req.url);
					res.writeHead(fault.status ?? 307, { Location: location, 'Content-Length': 0 });
					return res.end();
				}
				case 'not-video':
					return notVideo(res, fault);
			}
		}
		if (fault && fault.phase === 'delay') {
			const alive = await this.sleep(fault.delayMs, req, fault.realDelay);
			if (!alive) return; // reset() or close() meanwhile: dropped unanswered, nothing done
		}

		// The work itself.
		let result;
		let error;
		if (route === 'root') {
			result = { status: 200, body: { name: 'seedance-simulator', arkUrl: this.arkUrl, chainhubUrl: this.chainhubUrl } };
		} else if (route === 'file' && this.imageStore.owns(file)) {
			if (this.imageStore.serve(req, res, file, query)) this.stats.imageDownloads += 1;
			return;
		} else if (route === 'file') {
			if (serveFile(req, res, file, this.store.videos)) this.stats.fileDownloads += 1;
			return;
		} else if (tooLarge) {
			error = new SimError('InvalidParameter', 'The request body is larger than 64 MB.', { status: 413 });
		} else if (route === 'unknown') {
			error = routeNotFound(req.method, urlPath);
		} else if (auth !== 'valid') {
			this.stats.authFailures += 1;
			error = unauthorized();
		} else if (route === 'unknown-api') {
			error = routeNotFound(req.method, urlPath);
		} else {
			try {
				if (route === 'create') {
					try {
						this.faults.admitCreate(this.clock.now());
					} catch (e) {
						this.stats.rateLimited += 1;
						throw e;
					}
				}
				if (route === 'get') this.stats.gets += 1;
				if (route === 'list') this.stats.lists += 1;
				if (route === 'delete') this.stats.deletes += 1;
				result = HANDLERS[route]({ body: record.body, query, id, flavour, store: this.store, stats: this.stats, images: this.imageStore, faults: this.faults, now: () => this.clock.now() });
			} catch (e) {
				if (!(e instanceof SimError)) throw e;
				if ((route === 'create' || route === 'images') && e.status !== 429) this.stats.validationErrors += 1;
				error = e;
			}
		}

		if (fault && fault.others && route === 'create' && result && result.body && result.body.id) this.createOthers(result.body.id, fault.others);

		// Faults that spoil the answer after the work was done.
		if (fault && fault.phase === 'after') {
			switch (fault.kind) {
				case 'reset-after-create':
					req.socket.destroy();
					return;
				case 'status-after-create':
					return sendError(res, faultError(fault, 500), requestId);
				case 'malformed-json':
					return send(res, 200, MALFORMED_JSON, { 'X-Request-Id': requestId });
				case 'cut-stream':
					if (error) break;
					return this.cutAnswer(req, res, result, fault, requestId);
				case 'slow-stream':
					if (error || !result.events) break;
					return sendEvents(res, result.events, requestId, { gap: () => this.sleep(fault.delayMs, req) });
				case 'no-status':
					if (result && result.body && typeof result.body === 'object') delete result.body.status;
					break;
				case 'drop-fields':
					if (result && result.body && typeof result.body === 'object') {
						const fields = fault.fields ?? ['seed', 'model', 'created_at'];
						result.body = JSON.parse(JSON.stringify(result.body));
						for (const task of Array.isArray(result.body.items) ? result.body.items : [result.body]) for (const f of fields) delete task[f];
					}
					break;
			}
		}

		if (error) return sendError(res, error, requestId);
		if (result.events) return sendEvents(res, result.events, requestId);
		send(res, result.status, result.body, { 'X-Request-Id': requestId });
	}

	/** A create (or image request) the upstream commits after its gateway already answered (gateway-late). */
	createLate(body, flavour, fault, route = 'create') {
		try {
			if (route === 'images') {
				HANDLERS.images({ body, flavour, stats: this.stats, images: this.imageStore, faults: this.faults, now: () => this.clock.now() });
				return;
			}
			const result = HANDLERS.create({ body, flavour, store: this.store, stats: this.stats, now: () => this.clock.now() });
			if (fault.others) this.createOthers(result.body.id, fault.others);
		} catch (e) {
			if (!(e instanceof SimError)) throw e;
		}
	}

	/** `n` tasks like `id`'s but by someone else: same model and settings, other seeds, created just after. */
	createOthers(id, n, body) {
		let params = id ? this.store.meta.get(id).params : undefined;
		if (!params) {
			try {
				params = validateCreate(body);
			} catch {
				return;
			}
		}
		for (let i = 0; i < n; i++) {
			const task = this.store.create({ ...params, seed: crypto.randomInt(0, 2 ** 31) }, outcomeOf(params.prompt));
			this.foreign.add(task.id);
		}
	}

	/**
	 * An image answer that breaks off after the images were made: the first `after` events of a
	 * stream (default half), or half of a JSON answer's bytes; then, `delayMs` later, the socket drops.
	 */
	async cutAnswer(req, res, result, fault, requestId) {
		if (result.events) {
			await sendEvents(res, result.events, requestId, { upTo: fault.after ?? Math.floor(result.events.length / 2) });
		} else {
			const text = JSON.stringify(result.body);
			res.writeHead(result.status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'X-Request-Id': requestId });
			res.write(text.slice(0, Math.floor(text.length / 2)));
		}
		if (fault.delayMs) await this.sleep(fault.delayMs, req, fault.realDelay);
		req.socket.destroy();
	}

	/** A download that breaks off half way (cut) or stops sending (stall). */
	async spoilDownload(req, res, file, fault) {
		const m = /^(cgt-[0-9]{14}-[a-z0-9]{5})\.mp4$/.exec(file || '');
		const image = this.imageStore.files.get(file);
		if (!image && (!m || !this.store.videos.get(m[1]))) return sendError(res, new SimError('NotFound', 'no such video', { status: 404 }), newRequestId());
		const data = image ? image.data : VIDEO;
		res.writeHead(200, { 'Content-Type': image ? image.type : 'video/mp4', 'Content-Length': data.length });
		res.write(data.subarray(0, Math.floor(data.length / 2)));
		if (fault.kind === 'stall') await this.sleep(fault.delayMs ?? 3_600_000, req, fault.realDelay);
		req.socket.destroy();
	}

	checkAuth(header) {
		if (!header) return 'missing';
		// Exactly `Bearer <key>`: the documented form, nothing looser.
		return header.startsWith('Bearer ') && this.apiKeys.has(header.slice(7)) ? 'valid' : 'invalid';
	}

	/**
	 * Resolves true after ms, or false if reset()/close() comes first (then the socket is destroyed).
	 * On the simulator's clock, which is told that `req` (if any) is held on it; `real` waits real
	 * milliseconds instead (a client's own socket timeout must meet a real delay).
	 */
	sleep(ms, req, real = false) {
		const clock = real ? REAL_CLOCK : this.clock;
		// Held on its timer, a request waits on the simulator's clock; held on real time, it is work
		// under way that the clock must not skip over.
		const [hold, free] = real ? [this.clock.begin, this.clock.end] : [this.clock.park, this.clock.unpark];
		return new Promise((resolve) => {
			const entry = {
				timer: undefined,
				clock,
				resolve: (alive) => {
					if (req) free();
					resolve(alive);
				},
				req,
			};
			if (req) hold();
			entry.timer = clock.setTimeout(() => {
				this.delays.delete(entry);
				entry.resolve(true);
			}, ms);
			this.delays.add(entry);
		});
	}

	/** Drops every request still waiting in a `slow` fault, so nothing from before leaks into what follows. */
	dropDelayed() {
		for (const d of this.delays) {
			d.clock.clearTimeout(d.timer);
			if (d.req) d.req.socket.destroy();
			d.resolve(false);
		}
		this.delays.clear();
	}

	// ---- test controls ---------------------------------------------------------------------------

	fault(spec) {
		this.faults.add(spec);
	}

	clearFaults() {
		this.faults.clear();
	}

	/** The API stops calling back: status changes meanwhile are recorded as 'dropped' and never sent. */
	stopCallbacks() {
		this.callbackSender.stop();
	}

	resumeCallbacks() {
		this.callbackSender.resume();
	}

	setStatus(id, status, extra) {
		if (!STATUSES.includes(status)) throw new TypeError(`seedance simulator: unknown status ${JSON.stringify(status)}`);
		return publicTask(this.store.setStatus(id, status, extra));
	}

	expireVideo(id) {
		if (!this.store.issued.has(id)) throw new Error(`seedance simulator: no task ${id} was ever created`);
		const video = this.store.videos.get(id);
		if (video) video.expired = true;
		else this.store.videos.set(id, { lastFrame: false, expired: true });
	}

	/** The image's file (by its name or URL) now answers 403 AccessDenied XML, like a URL past its 24 h. */
	expireImage(nameOrUrl) {
		this.imageStore.expire(nameOrUrl);
	}

	taskInfo(id) {
		const meta = this.store.meta.get(id);
		if (!meta) return undefined;
		const { prompt, mode, images, commands, camera_fixed, watermark, callback_url } = meta.params;
		return { prompt, mode, images, commands, camera_fixed, watermark, callback_url, outcome: meta.outcome, polls: meta.polls, pinned: meta.pinned };
	}

	reset() {
		this.store.clear();
		this.requests.length = 0;
		Object.assign(this.stats, zeroStats());
		this.faults.clear();
		this.callbackSender.clear();
		this.dropDelayed();
		this.foreign.clear();
		this.imageStore.clear();
		this.store.clockOffsetMs = 0;
	}

	/** The server's clock runs `ms` ahead (negative: behind) of ours: created_at/updated_at shift. */
	setClockOffset(ms) {
		this.store.clockOffsetMs = ms;
	}

	close() {
		this.callbackSender.close();
		this.store.clear();
		this.dropDelayed();
		return new Promise((resolve) => {
			if (!this.server.listening) return resolve();
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}
}

/** A valid 400x300 JPEG as a data URL (passes the documented image limits), for tests. */
function sampleImageDataUrl() {
	return `data:image/jpeg;base64,${fs.readFileSync(path.join(FIXTURES, 'reference.jpg')).toString('base64')}`;
}

/** Starts a simulator on 127.0.0.1 (port 0 = any free port). */
async function startSimulator(options = {}) {
	const sim = new Simulator(options);
	await sim.listen();
	return sim;
}

module.exports = { startSimulator, Simulator, sampleImageDataUrl, TRIGGERS, IMAGE_TRIGGERS, FIXTURES };
