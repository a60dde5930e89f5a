'use strict';
/**
 * The task store and its state machine.
 *
 *   queued ──▶ running ──▶ succeeded | failed | expired      (terminal: outcome chosen at creation)
 *     │
 *     └──(DELETE)──▶ cancelled
 *
 * Progression:
 *  - 'polls' (default, deterministic): the n-th GET of a task (n = 1, 2, …) answers
 *      queued   while n ≤ queuedPolls,
 *      running  while n ≤ queuedPolls + runningPolls,
 *      terminal afterwards.
 *    i.e. every GET answers the stored status and then advances the task. The stored status is always
 *    what the next GET will answer (and what list/DELETE see). queuedPolls = 0 makes a task start
 *    `running`; both 0 make it terminal at once. Nothing but a GET of that task advances it.
 *  - 'time': by time since creation: queued for queuedMs, running for runningMs more, then terminal.
 *    With staggerMs, a task stays queued staggerMs longer for each unfinished task ahead of it (a
 *    provider's queue): a real batch's tasks finish one after another, not at one instant.
 *    Timers move the task on time (so callbacks fire), and every read re-checks the clock.
 *  - `setStatus()` pins a task: it no longer progresses by itself.
 *
 * `tasks` maps id → the task object exactly as GET answers it (copies go out, never this object).
 * Bookkeeping lives in `meta` (id → {params, outcome, polls, createdMs, pinned, timers}).
 */
const crypto = require('crypto');
const { modelInfo } = require('./models');
const { sniffImage } = require('./image');

const TERMINAL = ['succeeded', 'failed', 'expired', 'cancelled'];

/**
 * Output pixels per model family, resolution and ratio, from the providers' video tutorial tables
 * (docs/prices.md, "Output sizes"): the 1.0 series; 1.5 Pro and the 2.0 family (4k on 2.0 only);
 * 2.5, whose 480p differs.
 */
const SIZES_1_0 = {
	'480p': { '16:9': [864, 480], '4:3': [736, 544], '1:1': [640, 640], '3:4': [544, 736], '9:16': [480, 864], '21:9': [960, 416] },
	'720p': { '16:9': [1248, 704], '4:3': [1120, 832], '1:1': [960, 960], '3:4': [832, 1120], '9:16': [704, 1248], '21:9': [1504, 640] },
	'1080p': { '16:9': [1920, 1088], '4:3': [1664, 1248], '1:1': [1440, 1440], '3:4': [1248, 1664], '9:16': [1088, 1920], '21:9': [2176, 928] },
};
const SIZES_2_0 = {
	'480p': { '16:9': [864, 496], '4:3': [752, 560], '1:1': [640, 640], '3:4': [560, 752], '9:16': [496, 864], '21:9': [992, 432] },
	'720p': { '16:9': [1280, 720], '4:3': [1112, 834], '1:1': [960, 960], '3:4': [834, 1112], '9:16': [720, 1280], '21:9': [1470, 630] },
	'1080p': { '16:9': [1920, 1080], '4:3': [1664, 1248], '1:1': [1440, 1440], '3:4': [1248, 1664], '9:16': [1080, 1920], '21:9': [2206, 946] },
	'4k': { '16:9': [3840, 2160], '4:3': [3326, 2494], '1:1': [2880, 2880], '3:4': [2494, 3326], '9:16': [2160, 3840], '21:9': [4398, 1886] },
};
const SIZES_2_5 = {
	...SIZES_2_0,
	'480p': { '16:9': [854, 480], '4:3': [752, 560], '1:1': [640, 640], '3:4': [560, 752], '9:16': [480, 854], '21:9': [992, 432] },
};

function sizesOf(version) {
	if (version === '1.0') return SIZES_1_0;
	if (version === '2.5') return SIZES_2_5;
	return SIZES_2_0;
}

const FIXED_RATIOS = ['16:9', '4:3', '1:1', '3:4', '9:16', '21:9'];

/** The table ratio closest to an image's own (adaptive follows the first frame), else 16:9 (the sheet's T2V default). */
function adaptiveRatio(images) {
	const first = images.find((image) => typeof image.url === 'string' && image.url.startsWith('data:image/'));
	const size = first ? sniffImage(Buffer.from(first.url.slice(first.url.indexOf(',') + 1), 'base64')) : null;
	if (!size || !size.width || !size.height) return '16:9';
	const aspect = Math.log(size.width / size.height);
	const distance = (ratio) => {
		const [w, h] = ratio.split(':').map(Number);
		return Math.abs(Math.log(w / h) - aspect);
	};
	return [...FIXED_RATIOS].sort((a, b) => distance(a) - distance(b))[0];
}

/**
 * A reference video's length. The simulator never fetches videos: a URL may say its length with
 * `sim-seconds=N` (query or fragment); any other clip, and every asset, is 5 s long.
 */
const DEFAULT_CLIP_SECONDS = 5;
function clipSeconds(url) {
	const m = /sim-seconds=(\d+(?:\.\d+)?)/.exec(String(url));
	return m ? Number(m[1]) : DEFAULT_CLIP_SECONDS;
}

const nowSeconds = (ms) => Math.floor(ms / 1000);

function newTaskId(taken) {
	const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
	for (;;) {
		const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
		let tail = '';
		for (let i = 0; i < 5; i++) tail += alphabet[crypto.randomInt(alphabet.length)];
		const id = `cgt-${stamp}-${tail}`;
		if (!taken.has(id)) return id;
	}
}

class TaskStore {
	/**
	 * @param {object} o
	 * @param {'polls'|'time'} o.progress
	 * @param {number} o.queuedPolls @param {number} o.runningPolls
	 * @param {number} o.queuedMs @param {number} o.runningMs
	 * @param {number} [o.staggerMs]
	 * @param {() => string} o.origin          base of the video URLs
	 * @param {(task: object) => void} o.onStatus   called after every status change
	 */
	constructor(o) {
		this.o = o;
		this.tasks = new Map();
		this.meta = new Map();
		/** id → {lastFrame, expired}: video files outlive deleted task records, as on real storage. */
		this.videos = new Map();
		/** Every id ever issued (expireVideo accepts them even after the record is deleted). */
		this.issued = new Set();
		this.seq = 0;
		/** setClockOffset(): how far the server's clock is off. */
		this.clockOffsetMs = 0;
	}

	// ---- creation -------------------------------------------------------------------------------

	create(params, outcome) {
		// A final video keeps its draft's ratio, length, audio and input videos (when the draft is here to ask).
		const draft = params.draft_task_id ? this.tasks.get(params.draft_task_id) : undefined;
		if (draft) {
			const draftParams = this.meta.get(draft.id).params;
			Object.assign(params, { ratio: draft.ratio, duration: draft.duration, videos: draftParams.videos, generate_audio: draft.generate_audio });
		}
		// 2.5 Edit (duration -1): the edited video is as long as its source.
		if (params.omni_reference_task_type === 'edit' && params.durationAuto && params.videos.length > 0) {
			params.duration = Math.floor(params.videos.reduce((sum, url) => sum + clipSeconds(url), 0));
		}
		const id = newTaskId(this.issued);
		this.issued.add(id);
		const createdMs = this.o.clock.now();
		const task = {
			id,
			model: params.model,
			status: 'queued',
			error: null,
			created_at: nowSeconds(createdMs + this.clockOffsetMs),
			updated_at: nowSeconds(createdMs + this.clockOffsetMs),
			seed: params.seed,
			resolution: params.resolution,
			ratio: params.ratio,
		};
		if (params.frames !== undefined) task.frames = params.frames;
		else task.duration = params.duration;
		task.framespersecond = params.framespersecond;
		task.service_tier = params.service_tier;
		task.execution_expires_after = params.execution_expires_after;
		if (params.generate_audio !== undefined) task.generate_audio = params.generate_audio;
		if (params.draft !== undefined) task.draft = params.draft;
		if (params.draft_task_id !== undefined) task.draft_task_id = params.draft_task_id;
		if (params.tools !== undefined) task.tools = params.tools;
		if (params.safety_identifier !== undefined) task.safety_identifier = params.safety_identifier;
		task.return_last_frame = params.return_last_frame;

		let ahead = 0;
		for (const other of this.tasks.values()) if (!TERMINAL.includes(other.status)) ahead += 1;
		const queuedMs = this.o.queuedMs + ahead * (this.o.staggerMs || 0);
		const meta = { params, outcome, polls: 0, createdMs, seq: ++this.seq, queuedMs, pinned: false, timers: [] };
		this.tasks.set(id, task);
		this.meta.set(id, meta);
		this.o.onStatus(task);

		if (this.o.progress === 'polls') {
			this.advanceByPolls(task);
		} else {
			for (const at of [meta.queuedMs, meta.queuedMs + this.o.runningMs]) {
				const t = this.o.clock.setTimeout(() => this.refresh(task), at + 5);
				t?.unref?.();
				meta.timers.push(t);
			}
			this.refresh(task);
		}
		return task;
	}

	// ---- progression ----------------------------------------------------------------------------

	/** Where a task should be after `n` GETs (polls mode) or `ms` since creation (time mode). */
	targetStatus(meta, position, first, second) {
		if (position < first) return 'queued';
		if (position < first + second) return 'running';
		return meta.outcome;
	}

	advanceByPolls(task) {
		const meta = this.meta.get(task.id);
		if (!meta || meta.pinned || TERMINAL.includes(task.status)) return;
		const target = this.targetStatus(meta, meta.polls, this.o.queuedPolls, this.o.runningPolls);
		this.stepTo(task, target, this.o.clock.now());
	}

	/** Time mode: bring the task up to the clock. Polls mode: nothing (only GETs move tasks). */
	refresh(task) {
		if (this.o.progress !== 'time') return;
		const meta = this.meta.get(task.id);
		if (!meta || meta.pinned || TERMINAL.includes(task.status) || this.tasks.get(task.id) !== task) return;
		const elapsed = this.o.clock.now() - meta.createdMs;
		const target = this.targetStatus(meta, elapsed, meta.queuedMs, this.o.runningMs);
		const when = (status) => meta.createdMs + (status === 'running' ? meta.queuedMs : meta.queuedMs + this.o.runningMs);
		if (task.status === 'queued' && target !== 'queued') this.transition(task, 'running', when('running'));
		if (task.status === 'running' && target !== 'running') this.transition(task, target, when(target));
	}

	/** One GET happened: count it and advance (polls mode). */
	polled(task) {
		const meta = this.meta.get(task.id);
		if (!meta) return;
		meta.polls += 1;
		if (this.o.progress === 'polls') this.advanceByPolls(task);
	}

	stepTo(task, target, atMs) {
		if (task.status === target) return;
		if (task.status === 'queued' && target !== 'queued') this.transition(task, 'running', atMs);
		if (task.status === 'running' && target !== 'running') this.transition(task, target, atMs);
	}

	/** Sets a status and what goes with it (content + usage on success, error on failure). */
	transition(task, status, atMs = this.o.clock.now()) {
		task.status = status;
		task.updated_at = nowSeconds(atMs + this.clockOffsetMs);
		delete task.content;
		delete task.usage;
		task.error = null;
		if (status === 'succeeded') {
			const origin = this.o.origin();
			// The model has picked the ratio by now: a finished task reports the ratio it took, not "adaptive".
			if (task.ratio === 'adaptive') task.ratio = adaptiveRatio(this.meta.get(task.id)?.params.images ?? []);
			task.content = { video_url: `${origin}/files/${task.id}.mp4` };
			if (task.return_last_frame) task.content.last_frame_url = `${origin}/files/${task.id}.png`;
			const tokens = this.tokens(task);
			task.usage = { completion_tokens: tokens, total_tokens: tokens };
			const prev = this.videos.get(task.id);
			this.videos.set(task.id, { lastFrame: Boolean(task.return_last_frame), expired: prev ? prev.expired : false });
		} else if (status === 'failed' && this.meta.get(task.id)?.params.failure) {
			task.error = { ...this.meta.get(task.id).params.failure };
		} else if (status === 'failed') {
			task.error = {
				code: 'OutputVideoSensitiveContentDetected',
				message: 'The request failed because the output video may contain sensitive information.',
			};
		}
		if (TERMINAL.includes(status)) this.clearTimers(task.id);
		this.o.onStatus(task);
	}

	/**
	 * `usage.completion_tokens` as real tasks report it (docs/prices.md, "The token formula"): the video has
	 * 24 × seconds + 1 frames (1.0's `frames` replace them), input videos add 24 frames a second,
	 * and tokens = floor(W × H × frames / 1024) at the output's size. A 2.x request with a video is
	 * billed at least ceil(5 × seconds / 3) × 24 frames. A 1.5 Pro draft counts 0.7 × (0.6 × with
	 * audio) the tokens of the same video.
	 */
	tokens(task) {
		const params = this.meta.get(task.id)?.params ?? {};
		const info = modelInfo(task.model);
		const sizes = sizesOf(info.version);
		const row = sizes[task.resolution] || sizes['720p'];
		const [width, height] = row[task.ratio] || row['16:9'];
		const videos = params.videos ?? [];
		const inputSeconds = videos.reduce((sum, url) => sum + clipSeconds(url), 0);
		let frames = (task.frames ?? 24 * task.duration + 1) + 24 * inputSeconds;
		if (videos.length > 0 && info.is2x) frames = Math.max(frames, 24 * Math.ceil((5 * task.duration) / 3));
		let tokens = Math.floor((width * height * frames) / 1024);
		if (task.draft === true && info.version === '1.5') tokens = Math.floor(tokens * (task.generate_audio === false ? 0.7 : 0.6));
		return tokens;
	}

	// ---- reads and writes -----------------------------------------------------------------------

	get(id) {
		const task = this.tasks.get(id);
		if (task) this.refresh(task);
		return task;
	}

	/** Newest first; `total` counts every match, `items` is the requested page. */
	list({ pageNum, pageSize, status, taskIds, model, serviceTier }) {
		for (const task of this.tasks.values()) this.refresh(task);
		const matches = [...this.tasks.values()]
			.filter((t) => !status || t.status === status)
			.filter((t) => !taskIds || taskIds.includes(t.id))
			.filter((t) => !model || t.model === model)
			.filter((t) => !serviceTier || t.service_tier === serviceTier)
			.sort((a, b) => this.meta.get(b.id).seq - this.meta.get(a.id).seq);
		const start = (pageNum - 1) * pageSize;
		return { items: matches.slice(start, start + pageSize), total: matches.length };
	}

	cancel(task) {
		this.transition(task, 'cancelled');
	}

	remove(id) {
		this.clearTimers(id);
		this.tasks.delete(id);
		this.meta.delete(id);
	}

	/** Forces a status (pinning the task) and merges `extra` into the task object. */
	setStatus(id, status, extra) {
		const task = this.tasks.get(id);
		if (!task) throw new Error(`seedance simulator: no task ${id}`);
		const meta = this.meta.get(id);
		meta.pinned = true;
		this.clearTimers(id);
		this.transition(task, status);
		if (extra) Object.assign(task, extra);
		return task;
	}

	clearTimers(id) {
		const meta = this.meta.get(id);
		if (!meta) return;
		for (const t of meta.timers) this.o.clock.clearTimeout(t);
		meta.timers = [];
	}

	clear() {
		for (const id of this.meta.keys()) this.clearTimers(id);
		this.tasks.clear();
		this.meta.clear();
		this.videos.clear();
		this.issued.clear();
	}
}

/** The copy that goes on the wire (never the stored object). */
const publicTask = (task) => JSON.parse(JSON.stringify(task));

module.exports = { TaskStore, publicTask, TERMINAL };
