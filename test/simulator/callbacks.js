'use strict';
/**
 * Callbacks (seedance-api.md, "Callbacks"): with `callback_url`, each status change to queued,
 * running, succeeded, failed or expired POSTs the task object (as GET answers it) to the URL. For
 * succeeded/failed a non-2xx answer, an error, or no answer within `timeoutMs` (default 5000, like
 * Ark) is retried up to three times. No signature and no auth header, as documented.
 *
 * Safety: the simulator only ever calls plain-http loopback URLs (127.x, localhost, ::1). Any other
 * callback_url is accepted on create (it is valid input) but recorded as 'skipped', never called.
 * Every attempt is recorded in `log` (sim.callbacks).
 *
 * `stop()` makes the API stop calling back (an outage on its side, or a network that loses them):
 * each status change meanwhile is recorded as 'dropped' and never sent, nor retried; `resume()`
 * calls back again from the next status change on.
 */
const http = require('http');

const NOTIFIED = ['queued', 'running', 'succeeded', 'failed', 'expired'];
const RETRIED = ['succeeded', 'failed'];

function isLoopbackHttp(url) {
	let u;
	try {
		u = new URL(url);
	} catch {
		return false;
	}
	const host = u.hostname.replace(/^\[|\]$/g, '');
	return u.protocol === 'http:' && (host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host));
}

class Callbacks {
	constructor({ timeoutMs = 5000, now = () => Date.now() } = {}) {
		this.now = now;
		this.timeoutMs = timeoutMs;
		this.log = [];
		this.inflight = new Set();
		this.closed = false;
		this.stopped = false;
		/** Bumped by clear(): attempts of an older generation don't retry. */
		this.gen = 0;
	}

	/** Called on every status change; `task` is a wire copy. */
	notify(url, task) {
		if (!url || !NOTIFIED.includes(task.status) || this.closed) return;
		if (this.stopped) {
			this.log.push({ taskId: task.id, url, status: task.status, attempt: 0, outcome: 'dropped', time: this.now() });
			return;
		}
		if (!isLoopbackHttp(url)) {
			this.log.push({ taskId: task.id, url, status: task.status, attempt: 0, outcome: 'skipped', time: this.now() });
			return;
		}
		this.attempt(url, task, 1);
	}

	attempt(url, task, n) {
		if (this.closed) return;
		const body = JSON.stringify(task);
		const entry = { taskId: task.id, url, status: task.status, attempt: n, outcome: 'pending', time: this.now() };
		this.log.push(entry);
		const gen = this.gen;
		let settled = false;
		const done = (outcome, httpStatus) => {
			if (settled) return;
			settled = true;
			this.inflight.delete(req);
			entry.outcome = outcome;
			entry.ms = this.now() - entry.time;
			if (httpStatus !== undefined) entry.httpStatus = httpStatus;
			if (outcome !== 'ok' && gen === this.gen && !this.closed && RETRIED.includes(task.status) && n <= 3) this.attempt(url, task, n + 1);
		};
		const req = http.request(url, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
			timeout: this.timeoutMs,
			agent: false,
		});
		this.inflight.add(req);
		req.on('response', (res) => {
			res.resume();
			done(res.statusCode >= 200 && res.statusCode < 300 ? 'ok' : 'http-error', res.statusCode);
		});
		req.on('timeout', () => {
			done('timeout');
			req.destroy();
		});
		req.on('error', () => done('network-error'));
		req.end(body);
	}

	stop() {
		this.stopped = true;
	}

	resume() {
		this.stopped = false;
	}

	close() {
		this.closed = true;
		for (const req of this.inflight) req.destroy();
		this.inflight.clear();
	}

	clear() {
		this.gen += 1;
		this.stopped = false;
		for (const req of this.inflight) req.destroy();
		this.inflight.clear();
		this.log.length = 0;
	}
}

module.exports = { Callbacks, isLoopbackHttp };
