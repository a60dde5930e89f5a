'use strict';
/**
 * URL → route, and the API handlers (the four task routes here; images: images.js). Handlers
 * return {status, body} (images: or {status, events}) or throw a SimError; they never see faults,
 * auth or the rpm limit (index.js deals with those around them).
 *
 * Both prefixes serve the same routes; only the create answer differs:
 *   /api/v3  (Ark)      → {"id": "cgt-…"}
 *   /volc/v1 (ChainHub) → {"id": "cgt-…", "status": "submitted"}
 */
const { SimError, invalid, taskNotFound } = require('./errors');
const { validateCreate, validateListQuery, outcomeOf } = require('./validate');
const { publicTask } = require('./tasks');
const { generateImages } = require('./images');

const PREFIXES = { '/api/v3': 'ark', '/volc/v1': 'chainhub' };
const TASKS_PATH = '/contents/generations/tasks';
const IMAGES_PATH = '/images/generations';

/**
 * @returns {{route: 'create'|'get'|'list'|'delete'|'images'|'file'|'root'|'unknown-api'|'unknown', flavour?: 'ark'|'chainhub', id?: string, file?: string}}
 */
function matchRoute(method, path) {
	if (path === '/' && (method === 'GET' || method === 'HEAD')) return { route: 'root' };
	const file = /^\/files\/([^/]+)$/.exec(path);
	if (file && (method === 'GET' || method === 'HEAD')) return { route: 'file', file: decodeURIComponent(file[1]) };
	for (const [prefix, flavour] of Object.entries(PREFIXES)) {
		if (path !== prefix && !path.startsWith(prefix + '/')) continue;
		const rest = path.slice(prefix.length);
		if (rest === TASKS_PATH) {
			if (method === 'POST') return { route: 'create', flavour };
			if (method === 'GET') return { route: 'list', flavour };
		}
		if (rest === IMAGES_PATH && method === 'POST') return { route: 'images', flavour };
		const one = new RegExp(`^${TASKS_PATH}/([^/]+)$`).exec(rest);
		if (one) {
			const id = decodeURIComponent(one[1]);
			if (method === 'GET') return { route: 'get', flavour, id };
			if (method === 'DELETE') return { route: 'delete', flavour, id };
		}
		return { route: 'unknown-api', flavour };
	}
	return { route: 'unknown' };
}

function createTask({ body, flavour, store, stats, now: clockNow }) {
	if (typeof body === 'string') throw new SimError('InvalidParameter', 'The request body is not valid JSON.');
	const params = validateCreate(body);
	// A final reuses what its draft fixed (seed, ratio, duration, audio) and echoes them.
	const draft = params.draft_task_id === undefined ? undefined : store.tasks.get(params.draft_task_id);
	if (draft) for (const field of ['seed', 'ratio', 'duration', 'generate_audio']) if (draft[field] !== undefined) params[field] = draft[field];
	const task = store.create(params, params.failure ? 'failed' : outcomeOf(params.prompt));
	stats.created += 1;
	const now = clockNow();
	stats.firstCreatedAt ??= now;
	stats.lastCreatedAt = now;
	return { status: 200, body: flavour === 'chainhub' ? { id: task.id, status: 'submitted' } : { id: task.id } };
}

function getTask({ id, store }) {
	const task = store.get(id);
	if (!task) throw taskNotFound(id);
	const answer = publicTask(task);
	store.polled(task); // polls mode: this GET moves the task on (the answer is the state before)
	return { status: 200, body: answer };
}

function listTasks({ query, store }) {
	const q = validateListQuery(query);
	const { items, total } = store.list(q);
	const body = { items: items.map(publicTask), total };
	// polls mode: a list filtered by task ids is a look at each of those tasks, like a GET
	if (q.taskIds) for (const task of items) store.polled(task);
	return { status: 200, body };
}

/** DELETE per the status table: queued → cancelled; running/cancelled → refused; terminal → deleted. */
function deleteTask({ id, store, stats }) {
	const task = store.get(id);
	if (!task) throw taskNotFound(id);
	switch (task.status) {
		case 'queued':
			store.cancel(task);
			stats.cancelled += 1;
			return { status: 200, body: {} };
		case 'running':
			throw invalid('id', `the task ${id} is running; a running task can't be cancelled or deleted (only queued tasks can be cancelled)`);
		case 'cancelled':
			throw invalid('id', `the task ${id} is already cancelled; a cancelled task can't be cancelled or deleted`);
		default:
			store.remove(id);
			stats.deleted += 1;
			return { status: 200, body: {} };
	}
}

const HANDLERS = { create: createTask, get: getTask, list: listTasks, delete: deleteTask, images: generateImages };

module.exports = { matchRoute, HANDLERS, PREFIXES };
