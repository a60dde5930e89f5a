'use strict';
/**
 * Fault injection. `sim.fault(spec)` arms a fault for the next `times` (default 1) requests on
 * `route`; faults fire in the order they were armed. Routes: 'create' | 'get' | 'list' | 'delete' |
 * 'images' (POST /images/generations) | 'file' (the /files/… downloads, videos and images) | 'any'
 * (every route the kind applies to).
 *
 * Each kind acts in one phase of a request:
 *   before: the fault replaces the work (nothing is created, cancelled, deleted or advanced);
 *   after:  the work is done first (task created / advanced / cancelled, images made), then the
 *           answer is spoiled;
 *   delay:  the request waits delayMs, then is handled normally.
 *
 * | kind                | phase  | routes    | default route | answer                                            |
 * | ------------------- | ------ | --------- | ------------- | ------------------------------------------------- |
 * | status              | before | all       | any           | `status` (500/502/503/…) with an error body       |
 * | html                | before | all       | any           | nginx-style HTML error page, `status` (502)       |
 * | redirect            | before | all       | any           | `status` (307), empty, `Location: <location>` (the|
 * |                     |        |           |               | same URL; `toOtherOrigin`: the same path on       |
 * |                     |        |           |               | sim.otherOrigin): a relay that moved; nothing done|
 * | error-200           | before | API       | any           | 200 with an {"error":{…}} body                    |
 * | reset-before        | before | all       | any           | socket destroyed, no answer                       |
 * | slow                | delay  | all       | any           | normal answer after delayMs (create: the task is  |
 * |                     |        |           |               | created when the delay ends, even if the client   |
 * |                     |        |           |               | gave up meanwhile, like a real server)            |
 * | status-after-create | after  | API       | create        | work done, then `status` (500) with an error body |
 * | reset-after-create  | after  | API       | create        | work done, then socket destroyed, no answer       |
 * | malformed-json      | after  | API       | any           | work done, then 200 `{"id": "cgt-` (truncated)    |
 * | no-status           | after  | get       | get           | work done, task object without `status`           |
 * | gateway-late        | before | create,   | create        | gateway page `status` (504) at once; the upstream |
 * |                     |        | images    |               | creates the task (makes the images) `delayMs` (0) |
 * |                     |        |           |               | later (late commit)                               |
 * | echo-key            | before | API       | any           | `status` (500) with a JSON error body echoing the |
 * |                     |        |           |               | request's Authorization header (a leaky proxy)    |
 * | ignore-query        | query  | list      | list          | the query string is dropped: page 1, 10 tasks     |
 * | drop-fields         | after  | get, list | list          | `fields` (['seed','model','created_at']) removed  |
 * | cut-stream          | after  | images    | images        | images made, then the first `after` events of the |
 * |                     |        |           |               | stream (default half; a JSON answer: half its     |
 * |                     |        |           |               | bytes), then, `delayMs` (0) later, socket dropped |
 * | slow-stream         | after  | images    | images        | images made; each event `delayMs` after the last  |
 * | not-video           | before | file      | file          | 200 with `body` 'html' (a login page), 'json' (an |
 * |                     |        |           |               | error object), 'empty' (0 bytes) or 'text' (no    |
 * |                     |        |           |               | video, labelled video/mp4); `contentType` overrides|
 * | cut                 | before | file      | file          | headers and half the video, then the socket drops |
 * | stall               | before | file      | file          | headers and half the video, then nothing until    |
 * |                     |        |           |               | delayMs (default: until reset/close)              |
 *
 * Any fault on a create may carry `others: n`: once our task is created, n tasks of the same
 * model by someone else (other seeds) are created right after it (a busy account; `sim.foreign`).
 *
 * Rate limit: `{kind:'rpm', limit, windowMs = 60000, retryAfter?, code?}` stays armed until
 * clearFaults(): a create beyond `limit` admitted creates within the sliding window answers 429
 * (with `Retry-After: <retryAfter>` when given) and creates nothing. Rejected creates don't count
 * towards the window. It is checked after auth and before validation.
 *
 * Images per minute: `{kind:'ipm', limit, windowMs = 60000, retryAfter?, code?}` stays armed until
 * clearFaults(): an image request reserves the most images it may make (1, or a group's
 * max_images) and answers 429 `ModelAccountIpmRateLimitExceeded` (or `code`) when the images
 * already counted in the sliding window plus that reservation exceed `limit`; once made, the
 * reservation shrinks to the images actually made. Refused requests make and count nothing. It
 * is checked after validation (the reservation depends on the request).
 */
const { SimError, codeForStatus } = require('./errors');

const API_ROUTES = ['create', 'get', 'list', 'delete', 'images'];
const ALL_ROUTES = [...API_ROUTES, 'file'];

const KINDS = {
	status: { phase: 'before', routes: ALL_ROUTES, defaultRoute: 'any' },
	html: { phase: 'before', routes: ALL_ROUTES, defaultRoute: 'any' },
	redirect: { phase: 'before', routes: ALL_ROUTES, defaultRoute: 'any' },
	'error-200': { phase: 'before', routes: API_ROUTES, defaultRoute: 'any' },
	'reset-before': { phase: 'before', routes: ALL_ROUTES, defaultRoute: 'any' },
	slow: { phase: 'delay', routes: ALL_ROUTES, defaultRoute: 'any' },
	'status-after-create': { phase: 'after', routes: API_ROUTES, defaultRoute: 'create' },
	'reset-after-create': { phase: 'after', routes: API_ROUTES, defaultRoute: 'create' },
	'malformed-json': { phase: 'after', routes: API_ROUTES, defaultRoute: 'any' },
	'no-status': { phase: 'after', routes: ['get'], defaultRoute: 'get' },
	'gateway-late': { phase: 'before', routes: ['create', 'images'], defaultRoute: 'create' },
	'echo-key': { phase: 'before', routes: API_ROUTES, defaultRoute: 'any' },
	'ignore-query': { phase: 'query', routes: ['list'], defaultRoute: 'list' },
	'drop-fields': { phase: 'after', routes: ['get', 'list'], defaultRoute: 'list' },
	'cut-stream': { phase: 'after', routes: ['images'], defaultRoute: 'images' },
	'slow-stream': { phase: 'after', routes: ['images'], defaultRoute: 'images' },
	'not-video': { phase: 'before', routes: ['file'], defaultRoute: 'file' },
	cut: { phase: 'before', routes: ['file'], defaultRoute: 'file' },
	stall: { phase: 'before', routes: ['file'], defaultRoute: 'file' },
};

class FaultBook {
	constructor() {
		this.armed = [];
		this.rpm = null;
		this.rpmHits = [];
		this.ipm = null;
		this.ipmHits = [];
	}

	add(spec) {
		if (!spec || typeof spec !== 'object') throw new TypeError('seedance simulator: fault(spec) needs an object');
		if (spec.kind === 'rpm') {
			if (!Number.isInteger(spec.limit) || spec.limit < 0) throw new TypeError('rpm fault needs an integer limit ≥ 0');
			this.rpm = { windowMs: 60000, code: 'ModelAccountRpmRateLimitExceeded', ...spec };
			this.rpmHits = [];
			return;
		}
		if (spec.kind === 'ipm') {
			if (!Number.isInteger(spec.limit) || spec.limit < 0) throw new TypeError('ipm fault needs an integer limit ≥ 0');
			this.ipm = { windowMs: 60000, code: 'ModelAccountIpmRateLimitExceeded', ...spec };
			this.ipmHits = [];
			return;
		}
		const kind = KINDS[spec.kind];
		if (!kind) throw new TypeError(`seedance simulator: unknown fault kind ${JSON.stringify(spec.kind)}`);
		const route = spec.route ?? kind.defaultRoute;
		if (route !== 'any' && !kind.routes.includes(route)) {
			throw new TypeError(`seedance simulator: fault ${spec.kind} does not apply to route ${JSON.stringify(route)}`);
		}
		const times = spec.times ?? 1;
		if (!(times >= 1)) throw new TypeError('seedance simulator: fault times must be ≥ 1 (or Infinity)');
		if ((spec.kind === 'slow' || spec.kind === 'slow-stream') && !(spec.delayMs >= 0)) throw new TypeError(`${spec.kind} fault needs delayMs ≥ 0`);
		this.armed.push({ spec: { ...spec, route }, phase: kind.phase, routes: kind.routes, remaining: times });
	}

	/** The next armed fault for this route (consumed), or undefined. */
	take(route) {
		const i = this.armed.findIndex(
			(f) => (f.spec.route === 'any' || f.spec.route === route) && f.routes.includes(route),
		);
		if (i < 0) return undefined;
		const f = this.armed[i];
		f.remaining -= 1;
		if (f.remaining <= 0) this.armed.splice(i, 1);
		return { ...f.spec, phase: f.phase };
	}

	/** Rate limit for a create: throws a 429 SimError when over the limit, else records the admission. */
	admitCreate(now) {
		if (!this.rpm) return;
		const { limit, windowMs, retryAfter, code } = this.rpm;
		this.rpmHits = this.rpmHits.filter((t) => now - t < windowMs);
		if (this.rpmHits.length >= limit) {
			const headers = retryAfter !== undefined ? { 'Retry-After': String(retryAfter) } : {};
			throw new SimError(
				code,
				`The request has exceeded the rate limit of your account for this model (${limit} requests per ${windowMs} ms). Please retry later.`,
				{ status: 429, headers },
			);
		}
		this.rpmHits.push(now);
	}

	/**
	 * Images per minute for an image request that may make `count` images: throws a 429 SimError
	 * when over the limit, else reserves them and returns the reservation (settleImages shrinks it).
	 */
	admitImages(count, now = Date.now()) {
		if (!this.ipm) return undefined;
		const { limit, windowMs, retryAfter, code } = this.ipm;
		this.ipmHits = this.ipmHits.filter((hit) => now - hit.time < windowMs);
		const used = this.ipmHits.reduce((sum, hit) => sum + hit.images, 0);
		if (used + count > limit) {
			const headers = retryAfter !== undefined ? { 'Retry-After': String(retryAfter) } : {};
			throw new SimError(
				code,
				`The request has exceeded the image rate limit of your account for this model (${limit} images per ${windowMs} ms; ${used} used, ${count} asked). Please retry later.`,
				{ status: 429, headers },
			);
		}
		const hit = { time: now, images: count };
		this.ipmHits.push(hit);
		return hit;
	}

	/** The images a reserved request really made. */
	settleImages(reservation, made) {
		if (reservation) reservation.images = made;
	}

	clear() {
		this.armed = [];
		this.rpm = null;
		this.rpmHits = [];
		this.ipm = null;
		this.ipmHits = [];
	}
}

/** The error a `status`/`status-after-create`/`error-200` fault answers with. */
function faultError(spec, dfltStatus) {
	const status = spec.status ?? dfltStatus;
	const code = spec.code ?? codeForStatus(status);
	const message = spec.message ?? 'The service encountered an unexpected internal error (simulated fault).';
	const headers = spec.retryAfter !== undefined ? { 'Retry-After': String(spec.retryAfter) } : {};
	return new SimError(code, message, { status, headers });
}

/** An nginx-style gateway error page. */
function htmlPage(status) {
	const reason = { 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Temporarily Unavailable', 504: 'Gateway Time-out' }[status] || 'Error';
	return (
		`<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n` +
		`<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`
	);
}

const MALFORMED_JSON = '{"id": "cgt-';

module.exports = { FaultBook, faultError, htmlPage, MALFORMED_JSON, KINDS };
